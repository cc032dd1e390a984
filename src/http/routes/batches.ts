/**
 * A batch of the office: `GET /api/v1/batches/{root}` and its revocation.
 * @module
 */
import express, { type Router } from "express";
import { officeOf } from "../auth.ts";
import { JSON_BODY_LIMITS, jsonBody, type RouteDeps } from "../deps.ts";
import { isFalse, param, revocationReason } from "../params.ts";

export function batchesRouter(
  deps: Pick<RouteDeps, "issuer" | "limits" | "limit" | "requireOffice">,
): Router {
  const router = express.Router();
  const { issuer, requireOffice, limit } = deps;

  router.get("/api/v1/batches/:root", requireOffice, (req, res) => {
    const office = officeOf(res);
    res.json(issuer.batchStatus(office.id, param(req, "root")));
  });

  router.post(
    "/api/v1/batches/:root/revoke",
    requireOffice,
    limit.issue,
    jsonBody(JSON_BODY_LIMITS.revocation),
    async (req, res) => {
      const office = officeOf(res);
      const reason = revocationReason(req);
      const r = issuer.revokeBatch(office.id, param(req, "root"), reason);
      const final = isFalse(req.query.wait) ? r : await issuer.waitRevoked(r.id, deps.limits.waitTimeoutMs);
      res
        .status(final.state === "recorded" ? 200 : 202)
        .json(issuer.batchStatus(office.id, param(req, "root")));
    },
  );
  return router;
}
