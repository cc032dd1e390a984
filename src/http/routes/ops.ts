/**
 * `GET /healthz`, `/readyz` and `/metrics`.
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";
import express, { type Router } from "express";
import { SceauError } from "../../core/errors.ts";
import type { OpsDeps } from "../ops.ts";

export function opsRouter(deps: OpsDeps): Router {
  const router = express.Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  // Anyone may ask: the answer says what is wrong by code, never how much disk is free nor a
  // library's error text (the free space is in /metrics).
  router.get("/readyz", async (_req, res) => {
    const r = await deps.readiness();
    const checks = Object.fromEntries(
      Object.entries(r.checks).map(([name, c]) => [
        name,
        { ok: c.ok, ms: c.ms, ...(c.error ? { error: c.error } : {}) },
      ]),
    );
    res.status(r.ready ? 200 : 503).json({ status: r.ready ? "ready" : "not-ready", checks });
  });

  const expected = deps.metricsToken === null ? null : digest(deps.metricsToken);
  router.get("/metrics", async (req, res) => {
    if (expected !== null) {
      const m = /^Bearer (.+)$/.exec(req.get("authorization") ?? "");
      if (!m?.[1] || !timingSafeEqual(digest(m[1]), expected)) {
        throw new SceauError("UNAUTHENTICATED", "GET /metrics needs the metrics bearer token.");
      }
    }
    res.setHeader("Content-Type", deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });
  return router;
}

function digest(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}
