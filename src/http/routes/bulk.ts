/**
 * Bulk issuing: `POST /api/v1/bulk` (JSON Lines, one extract per line, or CSV), the job's progress and
 * the outcome of each line.
 * @module
 */
import express, { type Router } from "express";
import { SceauError } from "../../core/errors.ts";
import { officeOf } from "../auth.ts";
import type { RouteDeps } from "../deps.ts";
import { param, queryInt, queryString } from "../params.ts";

/** JSON Lines as clients label it: there is no registered media type. */
const JSONL_TYPES = ["application/x-ndjson", "application/jsonl", "application/x-jsonlines", "text/plain"];
/** CSV (docs/issuing.md, "Bulk issuance from CSV"); some systems label it as Excel's. */
const CSV_TYPES = ["text/csv", "application/csv", "application/vnd.ms-excel"];

export function bulkRouter(deps: Pick<RouteDeps, "bulk" | "limits" | "limit" | "requireOffice">): Router {
  const router = express.Router();
  const { bulk, requireOffice, limit } = deps;

  const rawUpload = express.raw({ type: [...JSONL_TYPES, ...CSV_TYPES], limit: deps.limits.bulkMaxBytes });
  router.post("/api/v1/bulk", requireOffice, limit.issue, rawUpload, (req, res) => {
    const office = officeOf(res);
    const body = req.body as unknown;
    const format = req.is(CSV_TYPES) ? "csv" : req.is(JSONL_TYPES) ? "jsonl" : null;
    if (!format || !Buffer.isBuffer(body)) {
      throw new SceauError(
        "UNSUPPORTED_MEDIA_TYPE",
        "Send JSON Lines (one extract per line) as application/x-ndjson, or CSV as text/csv.",
        {
          details: { accepted: [...JSONL_TYPES, ...CSV_TYPES] },
        },
      );
    }
    const job = bulk.create(office.id, new Uint8Array(body.buffer, body.byteOffset, body.byteLength), format);
    const location = `/api/v1/bulk/${job.id}`;
    res.setHeader("Location", location);
    res.status(202).json({ ...job, links: { self: location, lines: `${location}/lines` } });
  });

  router.get("/api/v1/bulk/:id", requireOffice, (req, res) => {
    const office = officeOf(res);
    const job = bulk.status(office.id, param(req, "id"));
    const location = `/api/v1/bulk/${job.id}`;
    res.json({ ...job, links: { self: location, lines: `${location}/lines` } });
  });

  router.get("/api/v1/bulk/:id/lines", requireOffice, (req, res) => {
    const office = officeOf(res);
    const outcome = queryString(req, "outcome");
    if (outcome !== undefined && outcome !== "accepted" && outcome !== "failed") {
      throw new SceauError("BAD_REQUEST", "outcome must be accepted or failed.");
    }
    const afterLine = queryInt(req, "after");
    const limit = queryInt(req, "limit");
    const page = bulk.lines(office.id, param(req, "id"), {
      ...(outcome === undefined ? {} : { outcome }),
      ...(afterLine === undefined ? {} : { afterLine }),
      ...(limit === undefined ? {} : { limit }),
    });
    res.json(page);
  });
  return router;
}
