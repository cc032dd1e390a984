/**
 * The HTTP API under `/api/v1`, the operations endpoints and the pages. `createApp` builds the
 * Express app from its dependencies and never listens: `src/wiring/service.ts` does, and tests
 * drive it on a random port. Each resource has its router in `routes/`; office routes start
 * with the one `requireOffice` check (`auth.ts`), before any body is read.
 * @module
 */
import express from "express";
import { SceauError } from "../core/errors.ts";
import { requireOffice, signedInOffice } from "./auth.ts";
import type { AppDeps, RouteDeps } from "./deps.ts";
import { errorHandler } from "./errors.ts";
import { openApiDocument } from "./openapi.ts";
import { observeRequests, rateLimiters, securityHeaders } from "./ops.ts";
import { batchesRouter } from "./routes/batches.ts";
import { bulkRouter } from "./routes/bulk.ts";
import { bulkZipRouter } from "./routes/bulk-zip.ts";
import { counterOfficeRouter } from "./routes/counter.ts";
import { counterRouter } from "./counter/routes.ts";
import { extractsRouter } from "./routes/extracts.ts";
import { officeRouter } from "./routes/office.ts";
import { opsRouter } from "./routes/ops.ts";
import { rootsRouter } from "./routes/roots.ts";
import { verifyRouter } from "./routes/verify.ts";
import { webRouter } from "./web.ts";

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Only the configured number of proxies may name the client (rate limits key on it).
  app.set("trust proxy", deps.ops.trustProxyHops === 0 ? false : deps.ops.trustProxyHops);
  app.use(securityHeaders(deps.ops.hsts));
  app.use(observeRequests(deps.ops.metrics, deps.ops.log));
  app.use(opsRouter(deps.ops));

  const limit = rateLimiters(deps.ops, (_req, res) => signedInOffice(res)?.id ?? null);
  const routes: RouteDeps = { ...deps, limit, requireOffice: requireOffice(deps.auth, limit.authFailure) };
  app.get("/api/v1/openapi.json", (_req, res) => {
    res.json(openApiDocument);
  });
  app.use(officeRouter(routes));
  app.use(extractsRouter(routes));
  app.use(batchesRouter(routes));
  app.use(bulkRouter(routes));
  app.use(bulkZipRouter(routes));
  app.use(verifyRouter(routes));
  app.use(rootsRouter(routes));
  if (deps.counter) {
    app.use(counterOfficeRouter(deps.counter.service, routes));
    app.use(counterRouter(deps.counter, deps.web?.counterCss ?? null));
  }
  if (deps.web) app.use(webRouter(deps.web));

  app.use("/api", (_req, _res) => {
    throw new SceauError("NOT_FOUND", "No such API route.");
  });
  app.use(errorHandler(deps.logError));
  return app;
}
