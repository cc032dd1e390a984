/**
 * `GET /api/v1/bulk/{id}/pdfs.zip?part=`: the sealed PDFs of a bulk job's ready extracts as one
 * ZIP, in line order, with a `manifest.csv` (line, reference, number, file). Streamed: each PDF is
 * stamped and written before the next is made, and the writing waits when the client reads
 * slowly, so memory holds one PDF at a time whatever the job's size. The PDFs are stored, not
 * compressed again (they are compressed already). A part holds at most {@link ZIP_PART_PDFS}
 * extracts, which keeps an archive far below the 4 GiB and 65,535 entries of a ZIP without its
 * 64-bit extension; a larger job is fetched in parts (`part=2`, ...).
 * @module
 */
import type { Response } from "express";
import express, { type Router } from "express";
import { Zip, ZipPassThrough } from "fflate";
import { writeCsv } from "../../core/csv.ts";
import { SceauError } from "../../core/errors.ts";
import { officeOf } from "../auth.ts";
import type { RouteDeps } from "../deps.ts";
import { param, queryInt } from "../params.ts";

const ZIP_PART_PDFS = 500;

export function bulkZipRouter(
  deps: Pick<RouteDeps, "bulk" | "issuer" | "requireOffice" | "logError">,
): Router {
  const router = express.Router();
  const { bulk, issuer } = deps;
  router.get("/api/v1/bulk/:id/pdfs.zip", deps.requireOffice, async (req, res) => {
    const office = officeOf(res);
    const id = param(req, "id");
    const part = queryInt(req, "part") ?? 1;
    const ready = bulk.anchored(office.id, id, null);
    if (ready.length === 0)
      throw new SceauError("CONFLICT", "No extract of this bulk job is ready yet; try again once they are.");
    const parts = Math.ceil(ready.length / ZIP_PART_PDFS);
    if (part < 1 || part > parts)
      throw new SceauError("NOT_FOUND", `This bulk job's ZIP has parts 1 to ${parts}.`);
    const lines = ready.slice((part - 1) * ZIP_PART_PDFS, part * ZIP_PART_PDFS);
    const name = parts === 1 ? `bulk-${id}.zip` : `bulk-${id}-part-${part}.zip`;
    res.setHeader("Content-Type", "application/zip");
    res.setHeader("Content-Disposition", `attachment; filename="${name}"`);
    res.setHeader("X-Sceau-Zip-Parts", String(parts));
    const zip = new Zip((err, chunk, final) => {
      if (err) {
        res.destroy(err);
        return;
      }
      res.write(chunk);
      if (final) res.end();
    });
    const add = (file: string, bytes: Uint8Array): void => {
      const entry = new ZipPassThrough(file);
      zip.add(entry);
      entry.push(bytes, true);
    };
    const manifest: (string | number)[][] = [["line", "reference", "number", "file"]];
    try {
      for (const l of lines) {
        // The client went away: stop stamping PDFs nobody reads.
        if (res.destroyed) return;
        const file = `extract-${l.extractId}.pdf`;
        add(file, await issuer.pdf(office.id, l.extractId));
        manifest.push([l.line, l.reference ?? "", l.extractId, file]);
        await drained(res);
      }
      add("manifest.csv", new TextEncoder().encode(writeCsv(manifest)));
      zip.end();
    } catch (e) {
      // The headers are sent: the client sees a cut archive, which no unzip tool takes as whole.
      deps.logError(e);
      zip.terminate();
      res.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  });
  return router;
}

function drained(res: Response): Promise<void> {
  if (!res.writableNeedDrain || res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
