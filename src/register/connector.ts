/**
 * The office's register system over HTTP, "register connector v1" (docs/register-connector.md):
 * two POST requests with a bearer token, each answer read up to a size limit and validated
 * whole. Both are reads, so a time-out, a refused connection, a 5xx or a 429 is tried again a
 * bounded number of times with a growing pause. Whatever still fails is `REGISTER_UNAVAILABLE`:
 * the counter never issues from a partial or doubtful answer.
 * @module
 */
import type * as z from "zod";
import { SceauError } from "../core/errors.ts";
import type { PostalAddress, RegisterPort, RegisterQuery, RegisterRecord } from "../counter/ports.ts";
import { candidatesOf } from "./match.ts";
import {
  CONNECTOR_VERSION,
  recordResponseSchema,
  searchResponseSchema,
  type RecordRequest,
  type SearchRequest,
} from "./wire-v1.ts";

export interface ConnectorOptions {
  /** Base URL; requests go to `<url>/v1/search` and `<url>/v1/record`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>`; null: no header (a connector behind mutual TLS). */
  readonly token: string | null;
  /** Each attempt gives up after this. */
  readonly timeoutMs: number;
  /** Further attempts after the first (default 2). */
  readonly retries?: number;
  /** Pause before the first retry, doubled for each next (default 200 ms). */
  readonly backoffMs?: number;
  /** Largest answer read (default 1 MiB); a larger one is malformed. */
  readonly maxBytes?: number;
}

/** Why an attempt failed, and whether another may succeed. */
class AttemptFailed extends Error {
  readonly retry: boolean;
  constructor(message: string, retry: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.retry = retry;
  }
}

/** zod's optional field may hold `undefined`; the ports' types leave it out. */
function withAddress<
  T extends { address: { houseNumber?: string | undefined } & Omit<PostalAddress, "houseNumber"> },
>(p: T): Omit<T, "address"> & { address: PostalAddress } {
  const { houseNumber, ...rest } = p.address;
  return { ...p, address: houseNumber === undefined ? rest : { ...rest, houseNumber } };
}

export function registerConnector(options: ConnectorOptions): RegisterPort {
  const base = options.url.replace(/\/+$/, "");
  const retries = options.retries ?? 2;
  const backoffMs = options.backoffMs ?? 200;
  const maxBytes = options.maxBytes ?? 1024 * 1024;

  async function attempt(path: string, body: string, signal: AbortSignal | undefined): Promise<unknown> {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          ...(options.token === null ? {} : { authorization: `Bearer ${options.token}` }),
        },
        body,
        redirect: "error",
        signal: combined,
      });
    } catch (cause) {
      throw new AttemptFailed("The register could not be reached.", signal?.aborted !== true, { cause });
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      const again = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new AttemptFailed(`The register answered HTTP ${response.status}.`, again);
    }
    const type = response.headers.get("content-type") ?? "";
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      await response.body?.cancel().catch(() => undefined);
      throw new AttemptFailed(`The register answered ${type || "no content type"}, not JSON.`, false);
    }
    let bytes: Uint8Array;
    try {
      bytes = await readLimited(response, maxBytes);
    } catch (cause) {
      if (cause instanceof AttemptFailed) throw cause;
      throw new AttemptFailed("The register's answer broke off.", signal?.aborted !== true, { cause });
    }
    try {
      return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch (cause) {
      throw new AttemptFailed("The register's answer is not JSON in UTF-8.", false, { cause });
    }
  }

  async function call<T>(
    path: string,
    request: SearchRequest | RecordRequest,
    schema: z.ZodType<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const body = JSON.stringify(request);
    for (let n = 0; ; n++) {
      try {
        const parsed = schema.safeParse(await attempt(path, body, signal));
        if (parsed.success) return parsed.data;
        const where = parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join(".")}: ${i.message}`)
          .join("; ");
        throw new AttemptFailed(
          `The register's answer does not follow ${CONNECTOR_VERSION} (${where}).`,
          false,
        );
      } catch (e) {
        const failed =
          e instanceof AttemptFailed
            ? e
            : new AttemptFailed("The register call failed.", false, { cause: e });
        if (!failed.retry || n >= retries) {
          throw new SceauError("REGISTER_UNAVAILABLE", failed.message, {
            cause: failed,
            details: { attempts: n + 1 },
          });
        }
        await pause(backoffMs * 2 ** n, signal);
      }
    }
  }

  return {
    async search(query: RegisterQuery, signal?: AbortSignal) {
      const request: SearchRequest = {
        version: CONNECTOR_VERSION,
        office: query.office,
        person: {
          lastName: query.lastName,
          firstNames: query.firstNames,
          dateOfBirth: query.dateOfBirth,
          address: query.address,
        },
      };
      const answer = await call("/v1/search", request, searchResponseSchema, signal);
      return candidatesOf(query, answer.persons.map(withAddress));
    },
    async record(office: string, personId: string, signal?: AbortSignal): Promise<RegisterRecord> {
      const answer = await call(
        "/v1/record",
        { version: CONNECTOR_VERSION, office, personId },
        recordResponseSchema,
        signal,
      );
      if (answer.person.personId !== personId) {
        throw new SceauError(
          "REGISTER_UNAVAILABLE",
          "The register answered with another person than the one asked for.",
        );
      }
      return withAddress(answer.person);
    },
  };
}

/** The body's bytes, refusing more than `max` (announced or received). */
async function readLimited(response: Response, max: number): Promise<Uint8Array> {
  const announced = Number(response.headers.get("content-length") ?? "0");
  if (announced > max) {
    await response.body?.cancel().catch(() => undefined);
    throw new AttemptFailed(`The register's answer is larger than ${max} bytes.`, false);
  }
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new AttemptFailed(`The register's answer is larger than ${max} bytes.`, false);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
