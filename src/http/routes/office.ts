/**
 * `GET /api/v1/office`: the office the bearer token belongs to (the console shows its name).
 * @module
 */
import express, { type Router } from "express";
import { officeOf } from "../auth.ts";
import type { RouteDeps } from "../deps.ts";

export function officeRouter(deps: Pick<RouteDeps, "requireOffice">): Router {
  const router = express.Router();
  router.get("/api/v1/office", deps.requireOffice, (_req, res) => {
    const office = officeOf(res);
    res.json({ id: office.id, name: office.name });
  });
  return router;
}
