/**
 * The office's extracts: `POST /api/v1/extracts` (issue one), `GET /api/v1/extracts` (list,
 * search), and per extract its status, QR text, sealed PDF and revocation.
 * @module
 */
import express, { type Router } from "express";
import { SceauError } from "../../core/errors.ts";
import type { ExtractStatus } from "../../issuer/service.ts";
import { officeOf } from "../auth.ts";
import { decodeCursor, encodeCursor } from "../cursor.ts";
import { JSON_BODY_LIMITS, jsonBody, type RouteDeps } from "../deps.ts";
import { isFalse, isTrue, param, queryInt, queryString, revocationReason } from "../params.ts";

const LIST_STATES = ["pending", "anchoring", "anchored", "revoked"] as const;

export function extractsRouter(
  deps: Pick<RouteDeps, "issuer" | "limits" | "limit" | "requireOffice">,
): Router {
  const router = express.Router();
  const { issuer, requireOffice, limit } = deps;

  router.post(
    "/api/v1/extracts",
    requireOffice,
    limit.issue,
    jsonBody(JSON_BODY_LIMITS.extract),
    async (req, res) => {
      const office = officeOf(res);
      if (!req.is("application/json"))
        throw new SceauError("UNSUPPORTED_MEDIA_TYPE", "Send the extract as application/json.");
      const { status, created } = await issuer.submit(office.id, req.body);
      const final = isTrue(req.query.wait)
        ? await issuer.waitAnchored(office.id, status.id, deps.limits.waitTimeoutMs)
        : status;
      res.setHeader("Location", extractPath(status.id));
      const code = final.state === "final" ? (created ? 201 : 200) : 202;
      res.status(code).json(withLinks(final));
    },
  );

  router.get("/api/v1/extracts", requireOffice, (req, res) => {
    const office = officeOf(res);
    const state = queryString(req, "state");
    if (state !== undefined && !(LIST_STATES as readonly string[]).includes(state)) {
      throw new SceauError("BAD_REQUEST", `state must be one of ${LIST_STATES.join(", ")}.`);
    }
    const query = queryString(req, "query");
    const cursor = queryString(req, "cursor");
    const limit = queryInt(req, "limit");
    const page = issuer.list(office.id, {
      ...(query === undefined ? {} : { query }),
      ...(state === undefined ? {} : { state: state as (typeof LIST_STATES)[number] }),
      ...(cursor === undefined ? {} : { cursor: decodeCursor(cursor) }),
      ...(limit === undefined ? {} : { limit }),
    });
    res.json({
      items: page.items.map((i) => ({ ...i, links: { self: extractPath(i.id) } })),
      nextCursor: page.nextCursor === null ? null : encodeCursor(page.nextCursor),
    });
  });

  router.get("/api/v1/extracts/:id", requireOffice, (req, res) => {
    const office = officeOf(res);
    res.json(withLinks(issuer.status(office.id, param(req, "id"))));
  });

  router.get("/api/v1/extracts/:id/qr", requireOffice, (req, res) => {
    const office = officeOf(res);
    res.json({ qr: issuer.qrText(office.id, param(req, "id")) });
  });

  router.get("/api/v1/extracts/:id/pdf", requireOffice, async (req, res) => {
    const office = officeOf(res);
    const id = param(req, "id");
    const pdf = await issuer.pdf(office.id, id);
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Disposition", `attachment; filename="extract-${id}.pdf"`);
    res.send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  });

  router.post(
    "/api/v1/extracts/:id/revoke",
    requireOffice,
    limit.issue,
    jsonBody(JSON_BODY_LIMITS.revocation),
    async (req, res) => {
      const office = officeOf(res);
      const reason = revocationReason(req);
      const r = issuer.revokeExtract(office.id, param(req, "id"), reason);
      const final = isFalse(req.query.wait) ? r : await issuer.waitRevoked(r.id, deps.limits.waitTimeoutMs);
      const status = issuer.status(office.id, param(req, "id"));
      res.status(final.state === "recorded" ? 200 : 202).json(withLinks(status));
    },
  );
  return router;
}

function extractPath(id: string): string {
  return `/api/v1/extracts/${id}`;
}

function withLinks(status: ExtractStatus): ExtractStatus & { links: Record<string, string> } {
  const self = extractPath(status.id);
  return { ...status, links: { self, pdf: `${self}/pdf`, qr: `${self}/qr`, revoke: `${self}/revoke` } };
}
