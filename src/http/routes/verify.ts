/**
 * `POST /api/v1/verify`: anyone verifies a PDF, a photo or scan, or scanned QR text, and gets
 * the report in their language.
 * @module
 */
import express, { type RequestHandler, type Router } from "express";
import { SceauError } from "../../core/errors.ts";
import type { VerificationReport } from "../../core/report.ts";
import { JSON_BODY_LIMITS, jsonBody, type RouteDeps } from "../deps.ts";
import { DEFAULT_RETRY_AFTER_SECONDS } from "../errors.ts";
import { localiseError, negotiateLanguage } from "../language.ts";
import { clientAddress, serverTiming } from "../ops.ts";
import { checkContentType, fileFromRaw, qrFromJson, RAW_FILE_TYPES, readMultipart } from "../upload.ts";

export function verifyRouter(deps: Pick<RouteDeps, "verifier" | "limits" | "limit" | "ops">): Router {
  const router = express.Router();
  const { verifier } = deps;
  const { maxUploadBytes } = deps.limits;

  const rawFile = express.raw({ type: RAW_FILE_TYPES, limit: maxUploadBytes });
  router.post(
    "/api/v1/verify",
    // Every answer says how long it took, refusals and errors included.
    serverTiming("verify"),
    deps.limit.verify,
    verifyPreflight(maxUploadBytes),
    jsonBody(JSON_BODY_LIMITS.verify),
    rawFile,
    async (req, res) => {
      const started = performance.now();
      const lang = negotiateLanguage(req.query.lang, req.get("accept-language"));
      res.setHeader("Vary", "Accept-Language");
      res.setHeader("Content-Language", lang);
      let report: VerificationReport;
      try {
        const input = req.is("application/json")
          ? qrFromJson(req.body)
          : req.is("multipart/form-data")
            ? await readMultipart(req, maxUploadBytes)
            : fileFromRaw(req);
        report =
          input.kind === "text"
            ? await verifier.verifyText(input.qr, { lang })
            : await verifier.verifyFile(input.bytes, input.declaredType, {
                lang,
                fileName: input.fileName ?? null,
                client: clientAddress(req),
              });
      } catch (e) {
        throw localiseError(e, lang);
      }
      const seconds = (performance.now() - started) / 1000;
      deps.ops.metrics.verification(report.verdict, report.source, seconds);
      res.setHeader("Server-Timing", `verify;dur=${(seconds * 1000).toFixed(2)}`);
      // The chain could not be read: worth asking again shortly.
      if (report.verdict === "unavailable") res.setHeader("Retry-After", String(DEFAULT_RETRY_AFTER_SECONDS));
      res.status(report.verdict === "unavailable" ? 503 : 200).json(report);
    },
  );
  return router;
}

/**
 * Before any of the body is read: HEIC and unknown types get their 415, a declared length over
 * the limit its 413 (multipart bodies are allowed a little room for their headers).
 */
function verifyPreflight(maxUploadBytes: number): RequestHandler {
  return (req, _res, next) => {
    try {
      checkContentType(req);
      const length = Number(req.get("content-length") ?? NaN);
      if (Number.isFinite(length) && length > maxUploadBytes + 64 * 1024)
        throw new SceauError("PAYLOAD_TOO_LARGE", `The upload exceeds the limit of ${maxUploadBytes} bytes.`);
    } catch (e) {
      throw localiseError(e, negotiateLanguage(req.query.lang, req.get("accept-language")));
    }
    next();
  };
}
