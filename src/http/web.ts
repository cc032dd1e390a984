/**
 * The pages: the verification page (`/`, and `/v` which the QR codes open), the office console
 * (`/office`) and their assets (`/assets/<name>`), all from this origin under a strict
 * Content-Security-Policy: no inline script or style, nothing from elsewhere; WebAssembly only in
 * the QR-scanning worker.
 * @module
 */
import type { Request, Response, Router } from "express";
import express from "express";
import type { WebAsset, WebBundle } from "./web-build.ts";

const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "media-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** The scanning worker compiles zxing's WebAssembly; nothing else may. */
const WORKER_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";

export function webRouter(bundle: WebBundle): Router {
  const router = express.Router();
  const page =
    (which: "verify" | "office", camera: boolean) =>
    (req: Request, res: Response): void => {
      res.setHeader("Content-Security-Policy", PAGE_CSP);
      res.setHeader("X-Frame-Options", "DENY");
      res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
      res.setHeader("Permissions-Policy", camera ? "camera=(self)" : "camera=()");
      res.setHeader("Cache-Control", "no-cache");
      send(req, res, bundle.pages[which]);
    };
  router.get("/", page("verify", true));
  router.get("/v", page("verify", true));
  router.get("/office", page("office", false));
  router.get("/assets/:name", (req, res, next) => {
    const a = bundle.assets.get(req.params.name);
    if (!a) {
      next();
      return;
    }
    if (a.name.startsWith("scan-worker")) res.setHeader("Content-Security-Policy", WORKER_CSP);
    res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    send(req, res, a);
  });
  return router;
}

/** One asset, compressed as the client accepts it, or 304 when its copy is current. */
function send(req: Request, res: Response, a: WebAsset): void {
  res.setHeader("Content-Type", a.type);
  res.setHeader("ETag", a.etag);
  res.setHeader("Vary", "Accept-Encoding");
  if (req.get("if-none-match") === a.etag) {
    res.status(304).end();
    return;
  }
  const accept = req.get("accept-encoding") ?? "";
  let body = a.body;
  if (a.br && /\bbr\b/.test(accept)) {
    res.setHeader("Content-Encoding", "br");
    body = a.br;
  } else if (a.gzip && /\bgzip\b/.test(accept)) {
    res.setHeader("Content-Encoding", "gzip");
    body = a.gzip;
  }
  res.setHeader("Content-Length", String(body.length));
  res.end(req.method === "HEAD" ? undefined : body);
}
