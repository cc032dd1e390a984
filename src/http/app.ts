/**
 * The HTTP API under `/api/v1`. `createApp` builds the Express app from its dependencies and
 * never listens: `src/main.ts` does, and tests drive it on a random port.
 * @module
 */
import express, { type Request } from "express";
import { fromHex } from "../core/bytes.ts";
import { SceauError } from "../core/errors.ts";
import type { IssuerService } from "../issuer/service.ts";
import type { TrustedRegistry } from "../verifier/ports.ts";
import type { Verifier } from "../verifier/verifier.ts";
import type { VerificationReport } from "../verifier/report.ts";
import type { OfficeAuth, TokenOwner } from "./auth.ts";
import { errorHandler } from "./errors.ts";
import { openApiDocument } from "./openapi.ts";

export interface AppDeps {
  readonly issuer: IssuerService;
  readonly verifier: Verifier;
  readonly auth: OfficeAuth<TokenOwner>;
  readonly trustList: readonly TrustedRegistry[];
  readonly limits: { readonly maxUploadBytes: number; readonly waitTimeoutMs: number };
  readonly logError: (e: unknown) => void;
}

const PDF_TYPES = ["application/pdf"];

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("Cache-Control", "no-store");
    next();
  });

  const json = express.json({ limit: "1mb", strict: true });
  const rawPdf = express.raw({ type: PDF_TYPES, limit: deps.limits.maxUploadBytes });

  app.get("/api/v1/openapi.json", (_req, res) => {
    res.json(openApiDocument);
  });

  // ---- Issuing (office token) ----
  app.post("/api/v1/extracts", json, async (req, res) => {
    const office = deps.auth.authenticate(req.get("authorization"));
    if (!req.is("application/json"))
      throw new SceauError("UNSUPPORTED_MEDIA_TYPE", "Send the extract as application/json.");
    const { status, created } = await deps.issuer.submit(office.id, req.body);
    const wait = req.query.wait === "true";
    const final = wait
      ? await deps.issuer.waitAnchored(office.id, status.id, deps.limits.waitTimeoutMs)
      : status;
    const location = `/api/v1/extracts/${status.id}`;
    res.setHeader("Location", location);
    const code = final.state === "anchored" ? (created ? 201 : 200) : 202;
    res.status(code).json({ ...final, links: { self: location, pdf: `${location}/pdf` } });
  });

  app.get("/api/v1/extracts/:id", (req, res) => {
    const office = deps.auth.authenticate(req.get("authorization"));
    const status = deps.issuer.status(office.id, param(req, "id"));
    res.json({
      ...status,
      links: { self: `/api/v1/extracts/${status.id}`, pdf: `/api/v1/extracts/${status.id}/pdf` },
    });
  });

  app.get("/api/v1/extracts/:id/pdf", async (req, res) => {
    const office = deps.auth.authenticate(req.get("authorization"));
    const id = param(req, "id");
    const pdf = await deps.issuer.pdf(office.id, id);
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Disposition", `attachment; filename="extract-${id}.pdf"`);
    res.send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  });

  // ---- Verification (public) ----
  app.post("/api/v1/verify", json, rawPdf, async (req, res) => {
    let report: VerificationReport;
    if (req.is("application/json")) {
      const qr = (req.body as { qr?: unknown } | undefined)?.qr;
      if (typeof qr !== "string" || qr.length === 0) {
        throw new SceauError("BAD_REQUEST", 'Send JSON {"qr": "<scanned text>"}.');
      }
      if (qr.length > 8192)
        throw new SceauError("PAYLOAD_TOO_LARGE", "The QR text is longer than any QR code can hold.");
      report = await deps.verifier.verifyText(qr);
    } else if (req.is(PDF_TYPES)) {
      const body = req.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0)
        throw new SceauError("BAD_REQUEST", "The PDF body is empty.");
      report = await deps.verifier.verifyPdf(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    } else {
      throw new SceauError(
        "UNSUPPORTED_MEDIA_TYPE",
        "Send application/pdf, or application/json with the scanned QR text.",
        { details: { accepted: ["application/pdf", "application/json"] } },
      );
    }
    res.status(report.verdict === "unavailable" ? 503 : 200).json(report);
  });

  app.get("/api/v1/roots/:root", async (req, res) => {
    const root = fromHex(param(req, "root"), 32);
    const chainId = Number(req.query.chainId ?? deps.trustList[0]?.chainId);
    const address =
      typeof req.query.registry === "string"
        ? req.query.registry.toLowerCase()
        : deps.trustList[0]?.address.toLowerCase();
    const registry = deps.trustList.find((t) => t.chainId === chainId && t.address.toLowerCase() === address);
    if (!registry) throw new SceauError("NOT_FOUND", "That registry is not in this verifier's trust list.");
    const leaf = typeof req.query.leaf === "string" ? fromHex(req.query.leaf, 32) : new Uint8Array(32);
    const s = await registry.reader.sealStatus(root, leaf);
    res.json({
      registry: { name: registry.name, chainId: registry.chainId, address: registry.address },
      root: param(req, "root").toLowerCase(),
      anchored: s.issuer !== null,
      issuer: s.issuer,
      issuerAuthorised: s.issuerAuthorised,
      anchoredAt: s.anchoredAt ? new Date(s.anchoredAt * 1000).toISOString() : null,
      rootRevocation: s.rootRevokedAt
        ? { revokedAt: new Date(s.rootRevokedAt * 1000).toISOString(), reasonCode: s.rootRevocationReason }
        : null,
      leafRevocation: s.leafRevokedAt
        ? { revokedAt: new Date(s.leafRevokedAt * 1000).toISOString(), reasonCode: s.leafRevocationReason }
        : null,
      blockNumber: s.blockNumber,
    });
  });

  app.use("/api", (_req, _res) => {
    throw new SceauError("NOT_FOUND", "No such API route.");
  });
  app.use(errorHandler(deps.logError));
  return app;
}

function param(req: Request, name: string): string {
  const v = req.params[name];
  if (typeof v !== "string" || v.length === 0 || v.length > 200)
    throw new SceauError("BAD_REQUEST", `Missing ${name}.`);
  return v;
}
