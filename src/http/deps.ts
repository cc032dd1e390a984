/**
 * What the HTTP layer is built from: the use cases, the office tokens, the trust list, the limits
 * and the operations hooks (`AppDeps`), and what every router receives besides (`RouteDeps`).
 * @module
 */
import express, { type RequestHandler } from "express";
import type { BulkService } from "../issuer/bulk.ts";
import type { IssuerService } from "../issuer/service.ts";
import type { TrustedRegistry } from "../verifier/ports.ts";
import type { Verifier } from "../verifier/verifier.ts";
import type { OfficeAuth, SignedInOffice } from "./auth.ts";
import type { CounterHttpDeps } from "./counter/routes.ts";
import type { OpsDeps, RateLimiters } from "./ops.ts";
import type { WebBundle } from "./web-build.ts";

export interface AppDeps {
  readonly issuer: IssuerService;
  readonly bulk: BulkService;
  readonly verifier: Verifier;
  readonly auth: OfficeAuth<SignedInOffice>;
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
  /** The pages and their assets (`src/http/web-build.ts`); without it only the API is served. */
  readonly web?: WebBundle;
  /** The online counter (`/counter` and the office's `/api/v1/counter`); absent: no counter. */
  readonly counter?: CounterHttpDeps;
}

/** A router's dependencies: the app's, the shared rate limiters and the office check. */
export interface RouteDeps extends AppDeps {
  /** One set for the whole app: an office's issuing requests are counted across its routes. */
  readonly limit: RateLimiters;
  /** The one authentication point of the office routes (`auth.ts`). */
  readonly requireOffice: RequestHandler;
}

/**
 * Largest JSON bodies, decompressed, by route. An extract with the most entries and loss
 * certificates allowed fits in 1 MiB; a revocation is one reason; a verification one QR text
 * (at most 8,192 characters) with room for its escapes.
 */
export const JSON_BODY_LIMITS = {
  extract: 1024 * 1024,
  revocation: 1024,
  verify: 32 * 1024,
  /** A clerk's decision on a counter order: a candidate's id, or a reason of up to 500 characters. */
  counter: 8 * 1024,
} as const;

/** A strict JSON body parser reading at most `limit` bytes once decompressed. */
export function jsonBody(limit: number): RequestHandler {
  return express.json({ limit, strict: true });
}
