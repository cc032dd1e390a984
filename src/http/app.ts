/**
 * The HTTP API under `/api/v1`. `createApp` builds the Express app from its dependencies and
 * never listens: `src/main.ts` does, and tests drive it on a random port.
 * @module
 */
import express, { type Request, type RequestHandler } from "express";
import { fromHex, toHex } from "../core/bytes.ts";
import { isVerifyErrorCode, SceauError } from "../core/errors.ts";
import type { Language } from "../core/extract.ts";
import { negotiateLanguage, VERIFY_ERROR_MESSAGES } from "../core/messages.ts";
import {
  isRevocationReason,
  reasonName,
  REVOCATION_REASONS,
  type RevocationReason,
} from "../core/revocation.ts";
import type { BulkService } from "../issuer/bulk.ts";
import type { ExtractStatus, IssuerService } from "../issuer/service.ts";
import type { TrustedRegistry } from "../verifier/ports.ts";
import type { Verifier } from "../verifier/verifier.ts";
import type { VerificationReport } from "../core/report.ts";
import type { OfficeAuth, TokenOwner } from "./auth.ts";
import { DEFAULT_RETRY_AFTER_SECONDS, errorHandler } from "./errors.ts";
import { checkContentType, fileFromRaw, qrFromJson, RAW_FILE_TYPES, readMultipart } from "./upload.ts";
import { openApiDocument } from "./openapi.ts";
import {
  clientAddress,
  mountOpsRoutes,
  observeRequests,
  rateLimiters,
  securityHeaders,
  serverTiming,
  type OpsDeps,
} from "./ops.ts";
import { webRouter } from "./web.ts";
import type { WebBundle } from "../web/build.ts";

export interface AppDeps {
  readonly issuer: IssuerService;
  readonly bulk: BulkService;
  readonly verifier: Verifier;
  readonly auth: OfficeAuth<TokenOwner & { readonly name: string }>;
  readonly trustList: readonly TrustedRegistry[];
  readonly limits: {
    readonly maxUploadBytes: number;
    readonly waitTimeoutMs: number;
    readonly bulkMaxBytes: number;
  };
  readonly logError: (e: unknown) => void;
  /** Metrics, readiness, rate limits, headers. */
  readonly ops: OpsDeps & { readonly trustProxyHops: number };
  /** The clock (milliseconds), for the time a page checked a seal; default `Date.now`. */
  readonly now?: () => number;
  /** The pages and their assets (`src/web/build.ts`); without it only the API is served. */
  readonly web?: WebBundle;
}

/**
 * Largest JSON bodies, decompressed, by route. An extract with the most entries and loss
 * certificates allowed fits in 1 MiB; a revocation is one reason; a verification one QR text
 * (at most 8,192 characters) with room for its escapes.
 */
export const JSON_BODY_LIMITS = { extract: 1024 * 1024, revocation: 1024, verify: 32 * 1024 } as const;

/** JSON Lines as clients label it: there is no registered media type. */
const JSONL_TYPES = ["application/x-ndjson", "application/jsonl", "application/x-jsonlines", "text/plain"];
const LIST_STATES = ["pending", "anchoring", "anchored", "revoked"] as const;

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Only the configured number of proxies may name the client (rate limits key on it).
  app.set("trust proxy", deps.ops.trustProxyHops === 0 ? false : deps.ops.trustProxyHops);
  app.use(securityHeaders(deps.ops.hsts));
  app.use(observeRequests(deps.ops.metrics, deps.ops.log));
  mountOpsRoutes(app, deps.ops);
  const limit = rateLimiters(deps.ops, (req) => {
    try {
      return deps.auth.authenticate(req.get("authorization")).id;
    } catch {
      return null;
    }
  });

  const jsonBody = (limit: number): RequestHandler => express.json({ limit, strict: true });

  /**
   * Every office route starts here: the token is checked before a byte of the body is read or
   * inflated, and a refused one counts against its address (at a lower rate than issuing).
   */
  type Office = ReturnType<typeof deps.auth.authenticate>;
  const requireOffice: RequestHandler = (req, res, next) => {
    let office: Office;
    try {
      office = deps.auth.authenticate(req.get("authorization"));
    } catch (e) {
      void limit.authFailure(req, res, (err?: unknown) => {
        next(err ?? e);
      });
      return;
    }
    (res.locals as { office?: Office }).office = office;
    next();
  };
  const officeOf = (res: express.Response): Office => {
    const office = (res.locals as { office?: Office }).office;
    if (!office) throw new SceauError("UNAUTHENTICATED", "An office bearer token is required.");
    return office;
  };

  app.get("/api/v1/openapi.json", (_req, res) => {
    res.json(openApiDocument);
  });

  // ---- Issuing (office token) ----
  app.get("/api/v1/office", requireOffice, (_req, res) => {
    const office = officeOf(res);
    res.json({ id: office.id, name: office.name });
  });

  app.post(
    "/api/v1/extracts",
    requireOffice,
    limit.issue,
    jsonBody(JSON_BODY_LIMITS.extract),
    async (req, res) => {
      const office = officeOf(res);
      if (!req.is("application/json"))
        throw new SceauError("UNSUPPORTED_MEDIA_TYPE", "Send the extract as application/json.");
      const { status, created } = await deps.issuer.submit(office.id, req.body);
      const final = isTrue(req.query.wait)
        ? await deps.issuer.waitAnchored(office.id, status.id, deps.limits.waitTimeoutMs)
        : status;
      res.setHeader("Location", extractPath(status.id));
      const code = final.state === "anchored" ? (created ? 201 : 200) : 202;
      res.status(code).json(withLinks(final));
    },
  );

  app.get("/api/v1/extracts", requireOffice, (req, res) => {
    const office = officeOf(res);
    const state = queryString(req, "state");
    if (state !== undefined && !(LIST_STATES as readonly string[]).includes(state)) {
      throw new SceauError("BAD_REQUEST", `state must be one of ${LIST_STATES.join(", ")}.`);
    }
    const query = queryString(req, "query");
    const cursor = queryString(req, "cursor");
    const limit = queryInt(req, "limit");
    const page = deps.issuer.list(office.id, {
      ...(query === undefined ? {} : { query }),
      ...(state === undefined ? {} : { state: state as (typeof LIST_STATES)[number] }),
      ...(cursor === undefined ? {} : { cursor }),
      ...(limit === undefined ? {} : { limit }),
    });
    res.json({
      items: page.items.map((i) => ({ ...i, links: { self: extractPath(i.id) } })),
      nextCursor: page.nextCursor,
    });
  });

  app.get("/api/v1/extracts/:id", requireOffice, (req, res) => {
    const office = officeOf(res);
    res.json(withLinks(deps.issuer.status(office.id, param(req, "id"))));
  });

  app.get("/api/v1/extracts/:id/qr", requireOffice, (req, res) => {
    const office = officeOf(res);
    res.json({ qr: deps.issuer.qrText(office.id, param(req, "id")) });
  });

  app.get("/api/v1/extracts/:id/pdf", requireOffice, async (req, res) => {
    const office = officeOf(res);
    const id = param(req, "id");
    const pdf = await deps.issuer.pdf(office.id, id);
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Disposition", `attachment; filename="extract-${id}.pdf"`);
    res.send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  });

  const revocationBody = jsonBody(JSON_BODY_LIMITS.revocation);
  app.post("/api/v1/extracts/:id/revoke", requireOffice, limit.issue, revocationBody, async (req, res) => {
    const office = officeOf(res);
    const reason = reasonOf(req);
    const r = deps.issuer.revokeExtract(office.id, param(req, "id"), reason);
    const final = isFalse(req.query.wait)
      ? r
      : await deps.issuer.waitRevoked(r.id, deps.limits.waitTimeoutMs);
    const status = deps.issuer.status(office.id, param(req, "id"));
    res.status(final.state === "recorded" ? 200 : 202).json(withLinks(status));
  });

  app.get("/api/v1/batches/:root", requireOffice, (req, res) => {
    const office = officeOf(res);
    res.json(deps.issuer.batchStatus(office.id, param(req, "root")));
  });

  app.post("/api/v1/batches/:root/revoke", requireOffice, limit.issue, revocationBody, async (req, res) => {
    const office = officeOf(res);
    const reason = reasonOf(req);
    const r = deps.issuer.revokeBatch(office.id, param(req, "root"), reason);
    const final = isFalse(req.query.wait)
      ? r
      : await deps.issuer.waitRevoked(r.id, deps.limits.waitTimeoutMs);
    res
      .status(final.state === "recorded" ? 200 : 202)
      .json(deps.issuer.batchStatus(office.id, param(req, "root")));
  });

  // ---- Bulk issuing (office token) ----
  const rawJsonl = express.raw({ type: JSONL_TYPES, limit: deps.limits.bulkMaxBytes });
  app.post("/api/v1/bulk", requireOffice, limit.issue, rawJsonl, (req, res) => {
    const office = officeOf(res);
    const body = req.body as unknown;
    if (!req.is(JSONL_TYPES) || !Buffer.isBuffer(body)) {
      throw new SceauError(
        "UNSUPPORTED_MEDIA_TYPE",
        "Send JSON Lines (one extract per line) as application/x-ndjson.",
        {
          details: { accepted: JSONL_TYPES },
        },
      );
    }
    const job = deps.bulk.create(office.id, new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    const location = `/api/v1/bulk/${job.id}`;
    res.setHeader("Location", location);
    res.status(202).json({ ...job, links: { self: location, lines: `${location}/lines` } });
  });

  app.get("/api/v1/bulk/:id", requireOffice, (req, res) => {
    const office = officeOf(res);
    const job = deps.bulk.status(office.id, param(req, "id"));
    const location = `/api/v1/bulk/${job.id}`;
    res.json({ ...job, links: { self: location, lines: `${location}/lines` } });
  });

  app.get("/api/v1/bulk/:id/lines", requireOffice, (req, res) => {
    const office = officeOf(res);
    const outcome = queryString(req, "outcome");
    if (outcome !== undefined && outcome !== "accepted" && outcome !== "failed") {
      throw new SceauError("BAD_REQUEST", "outcome must be accepted or failed.");
    }
    const afterLine = queryInt(req, "after");
    const limit = queryInt(req, "limit");
    const page = deps.bulk.lines(office.id, param(req, "id"), {
      ...(outcome === undefined ? {} : { outcome }),
      ...(afterLine === undefined ? {} : { afterLine }),
      ...(limit === undefined ? {} : { limit }),
    });
    res.json(page);
  });

  // ---- Verification (public) ----
  const rawFile = express.raw({ type: RAW_FILE_TYPES, limit: deps.limits.maxUploadBytes });
  app.post(
    "/api/v1/verify",
    // Every answer says how long it took, refusals and errors included.
    serverTiming("verify"),
    limit.verify,
    verifyPreflight(deps.limits.maxUploadBytes),
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
            ? await readMultipart(req, deps.limits.maxUploadBytes)
            : fileFromRaw(req);
        report =
          input.kind === "text"
            ? await deps.verifier.verifyText(input.qr, { lang })
            : await deps.verifier.verifyFile(input.bytes, input.declaredType, {
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

  app.get("/api/v1/roots/:root", limit.verify, async (req, res) => {
    const root = fromHex(param(req, "root"), 32);
    const chainId = Number(req.query.chainId ?? deps.trustList[0]?.chainId);
    const address =
      typeof req.query.registry === "string"
        ? req.query.registry.toLowerCase()
        : deps.trustList[0]?.address.toLowerCase();
    const registry = deps.trustList.find((t) => t.chainId === chainId && t.address.toLowerCase() === address);
    if (!registry) throw new SceauError("NOT_FOUND", "That registry is not in this verifier's trust list.");
    // `leaf` is what pages before issue 11 sent; the page now asks for the root's revoked leaves
    // instead and finds its own among them, so the service never learns which extract it is.
    const leaf = typeof req.query.leaf === "string" ? fromHex(req.query.leaf, 32) : null;
    const trusted = {
      name: registry.name,
      chainId: registry.chainId,
      address: registry.address,
      verifyUrl: registry.verifyUrl,
    };
    const [facts, leafFacts] = await Promise.all([
      deps.verifier.rootFacts(registry, root),
      leaf ? deps.verifier.chainFacts(registry, root, leaf) : null,
    ]);
    const s = facts.status;
    const l = leafFacts ? leafFacts.status : s;
    if (!s || !l) {
      throw new SceauError(
        "CHAIN_UNAVAILABLE",
        `The chain of ${registry.name} could not be read (${facts.error ?? leafFacts?.error ?? "CHAIN_UNAVAILABLE"}).`,
        { details: { registry: trusted } },
      );
    }
    const iso = (t: number): string => new Date(t * 1000).toISOString();
    const revocation = (at: number, code: number): object | null =>
      at ? { revokedAt: iso(at), reasonCode: code, reason: reasonName(code) } : null;
    res.json({
      registry: trusted,
      root: toHex(root),
      ...(leaf ? { leaf: toHex(leaf) } : {}),
      anchored: s.issuer !== null,
      issuer: s.issuer,
      issuerAuthorised: s.issuerAuthorised,
      anchoredAt: s.anchoredAt ? iso(s.anchoredAt) : null,
      anchorEvent: facts.event,
      rootRevocation: revocation(s.rootRevokedAt, s.rootRevocationReason),
      revokedLeaves: facts.revokedLeaves.map((r) => ({
        leaf: toHex(r.leaf),
        ...(revocation(r.revokedAt, r.reason) as object),
      })),
      leafRevocation: leaf ? revocation(l.leafRevokedAt, l.leafRevocationReason) : null,
      blockNumber: s.blockNumber,
      policy: deps.verifier.policy,
      checkedAt: new Date((deps.now ?? Date.now)()).toISOString(),
    });
  });

  if (deps.web) app.use(webRouter(deps.web));

  app.use("/api", (_req, _res) => {
    throw new SceauError("NOT_FOUND", "No such API route.");
  });
  app.use(errorHandler(deps.logError));
  return app;
}

function extractPath(id: string): string {
  return `/api/v1/extracts/${id}`;
}

function withLinks(status: ExtractStatus): ExtractStatus & { links: Record<string, string> } {
  const self = extractPath(status.id);
  return { ...status, links: { self, pdf: `${self}/pdf`, qr: `${self}/qr`, revoke: `${self}/revoke` } };
}

const isTrue = (v: unknown): boolean => v === "true" || v === "1";
const isFalse = (v: unknown): boolean => v === "false" || v === "0";

function queryString(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || v.length > 200)
    throw new SceauError("BAD_REQUEST", `${name} must be one short text.`);
  return v;
}

function queryInt(req: Request, name: string): number | undefined {
  const v = queryString(req, name);
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v)) throw new SceauError("BAD_REQUEST", `${name} must be a whole number.`);
  return Number(v);
}

function reasonOf(req: Request): RevocationReason {
  const reason = (req.body as { reason?: unknown } | undefined)?.reason;
  if (!req.is("application/json") || !isRevocationReason(reason)) {
    throw new SceauError(
      "BAD_REQUEST",
      `Send JSON {"reason": one of ${Object.keys(REVOCATION_REASONS).join(", ")}}.`,
      {
        details: { accepted: Object.keys(REVOCATION_REASONS) },
      },
    );
  }
  return reason;
}

function param(req: Request, name: string): string {
  const v = req.params[name];
  if (typeof v !== "string" || v.length === 0 || v.length > 200)
    throw new SceauError("BAD_REQUEST", `Missing ${name}.`);
  return v;
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

/** The verification errors a person sees, in their language; the English detail is kept. */
function localiseError(e: unknown, lang: Language): unknown {
  if (!(e instanceof SceauError) || !isVerifyErrorCode(e.code)) return e;
  const details =
    typeof e.details === "object" && e.details !== null
      ? { ...e.details, detail: e.message }
      : { detail: e.message };
  return new SceauError(e.code, VERIFY_ERROR_MESSAGES[lang][e.code], { details, cause: e });
}
