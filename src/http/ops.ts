/**
 * Operations at the HTTP edge: security headers, request metrics and the access log, rate
 * limits and Server-Timing. The `/healthz`, `/readyz` and `/metrics` endpoints are in
 * `routes/ops.ts`.
 *
 * Headers are set for every response, but never a Content-Security-Policy or Permissions-Policy
 * on pages: the browser pages set their own (the verification page needs the camera). API
 * responses get a CSP that allows nothing, as they are never rendered.
 * @module
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import { SceauError } from "../core/errors.ts";
import type { Readiness } from "../health.ts";
import type { Logger } from "../core/log.ts";
import type { Metrics } from "../metrics.ts";

export interface OpsDeps {
  readonly metrics: Metrics;
  readonly readiness: () => Promise<Readiness>;
  readonly log: Logger;
  /** Bearer token `GET /metrics` requires; null: open. */
  readonly metricsToken: string | null;
  /**
   * Requests per minute: verifications per client address, issuing per office, office requests
   * failing authentication per client address (0: no limit).
   */
  readonly rate: {
    readonly verifyPerMinute: number;
    readonly issuePerMinute: number;
    readonly authFailuresPerMinute: number;
  };
  /** Send Strict-Transport-Security (the service is reached over https). */
  readonly hsts: boolean;
}

/** Paths that serve machine-readable answers, never a page. */
const MACHINE_PATHS = /^\/(api\/|metrics$|healthz$|readyz$)/;

export function securityHeaders(hsts: boolean): RequestHandler {
  return (req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cache-Control", "no-store");
    if (hsts) res.setHeader("Strict-Transport-Security", "max-age=31536000");
    if (MACHINE_PATHS.test(req.path)) {
      res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
      res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    }
    next();
  };
}

/**
 * Counts every answered request by its route pattern (never its URL: an id or a search query
 * stays out of metrics and logs) and logs it at `debug`.
 */
export function observeRequests(metrics: Metrics, log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once("finish", () => {
      const seconds = (performance.now() - started) / 1000;
      const route = routeOf(req);
      metrics.httpRequest(req.method, route, res.statusCode, seconds);
      log("debug", "Request answered.", {
        method: req.method,
        route,
        status: res.statusCode,
        ms: Math.round(seconds * 10000) / 10,
      });
    });
    next();
  };
}

function routeOf(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path === "string") return `${req.baseUrl}${path}`;
  return "unmatched";
}

export interface RateLimiters {
  readonly verify: RequestHandler;
  readonly issue: RequestHandler;
  /** Run only for a request whose token was refused: it passes, or answers `RATE_LIMITED`. */
  readonly authFailure: RequestHandler;
}

/**
 * The key of a request's client: its address as the configured proxies report it (Express's
 * `trust proxy`), an IPv6 client by its /56. Rate limits and the pixel-decoding queue share it.
 */
export function clientAddress(req: Request): string {
  return ipKeyGenerator(req.ip ?? "unknown");
}

/** The name of every rate-limiting middleware, followed by its scope. */
const RATE_LIMIT_NAME = "rateLimit";

const REFUSED: Record<"verify" | "issue" | "auth", string> = {
  verify: "verifications from this address",
  issue: "issuing requests for this office",
  auth: "office requests with a missing or wrong token from this address",
};

/**
 * Fixed one-minute windows kept in memory (one service process). Verifications are counted per
 * client address, issuing per office (`officeOf`: the office the request authenticated as), and
 * office requests whose token is refused per client address, at a lower rate. Refusals are 429
 * `RATE_LIMITED` with `Retry-After`.
 */
export function rateLimiters(
  deps: OpsDeps,
  officeOf: (req: Request, res: Response) => string | null,
): RateLimiters {
  const limiter = (
    scope: "verify" | "issue" | "auth",
    limit: number,
    key: (req: Request, res: Response) => string,
  ): RequestHandler =>
    rateLimit({
      windowMs: 60_000,
      limit,
      standardHeaders: "draft-7",
      legacyHeaders: false,
      // The checks it runs look at proxy headers the configuration already decides about.
      validate: false,
      keyGenerator: key,
      handler: (req: Request, _res: Response, next: NextFunction) => {
        deps.metrics.rateLimited(scope);
        const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
        const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
        next(
          new SceauError(
            "RATE_LIMITED",
            `Too many ${REFUSED[scope]}: at most ${limit} a minute. Retry after ${seconds} s.`,
            { details: { retryAfterSeconds: seconds, limitPerMinute: limit } },
          ),
        );
      },
    });
  const make = (
    scope: "verify" | "issue" | "auth",
    limit: number,
    key: (req: Request, res: Response) => string,
  ): RequestHandler => {
    const handler: RequestHandler =
      limit === 0
        ? (_req, _res, next) => {
            next();
          }
        : limiter(scope, limit, key);
    // Named, so the route table says which routes are limited (the OpenAPI test reads it).
    Object.defineProperty(handler, "name", { value: `${RATE_LIMIT_NAME} ${scope}` });
    return handler;
  };
  const address = clientAddress;
  return {
    verify: make("verify", deps.rate.verifyPerMinute, address),
    issue: make("issue", deps.rate.issuePerMinute, (req, res) => {
      const office = officeOf(req, res);
      return office === null ? `address:${address(req)}` : `office:${office}`;
    }),
    authFailure: make("auth", deps.rate.authFailuresPerMinute, address),
  };
}

/**
 * `Server-Timing: <metric>;dur=<ms>` on every answer of a route, from the moment the route was
 * reached, unless the route set its own.
 */
export function serverTiming(metric: string): RequestHandler {
  return (_req, res, next) => {
    const started = performance.now();
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
    res.writeHead = ((...args: unknown[]) => {
      if (!res.hasHeader("Server-Timing")) {
        res.setHeader("Server-Timing", `${metric};dur=${(performance.now() - started).toFixed(2)}`);
      }
      return writeHead(...args);
    }) as Response["writeHead"];
    next();
  };
}
