/**
 * `GET /api/v1/office`: the office the bearer token belongs to (the console shows its name) and
 * the service's compromise alarm, if one went off.
 * @module
 */
import express, { type Router } from "express";
import { officeOf } from "../auth.ts";
import type { RouteDeps } from "../deps.ts";

export function officeRouter(deps: Pick<RouteDeps, "requireOffice" | "issuer">): Router {
  const router = express.Router();
  router.get("/api/v1/office", deps.requireOffice, (_req, res) => {
    const office = officeOf(res);
    // The compromise alarm (docs/anchoring.md): null while none went off; the console shows it.
    const { count, latest } = deps.issuer.alarms();
    res.json({ id: office.id, name: office.name, alarm: count === 0 ? null : { count, latest } });
  });
  return router;
}
