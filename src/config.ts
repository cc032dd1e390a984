/**
 * Configuration: every environment variable the service reads, parsed and validated once at
 * start-up. Nothing else reads `process.env`. The "Configuration" table of docs/operations.md lists the same
 * variables with the same defaults.
 * @module
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { computeAddress, getAddress } from "ethers";
import * as z from "zod";
import { DEV_KEYS, devRegistryAddress } from "./chain/dev/keys.ts";
import { loadKeys, readKeystore } from "./chain/keystore.ts";
import { SceauError } from "./core/errors.ts";
import { LANGUAGES, type Language } from "./core/extract.ts";

export interface OfficeConfig {
  readonly id: string;
  readonly name: string;
  readonly addressLines: readonly string[];
  readonly canton: string;
  readonly place: string;
  readonly language: Language;
  /** SHA-256 of the office's bearer token, lower-case hex. The token itself is never stored. */
  readonly tokenSha256: string;
  /**
   * The office's own issuer key (from its `issuerKeystore`), so that a stolen key of one office
   * cannot anchor for another; null: the service's issuer key.
   */
  readonly issuerKey: string | null;
}

interface TrustedRegistryConfig {
  readonly chainId: number;
  readonly address: string;
  readonly name: string;
  /** JSON-RPC endpoint used to read this registry. */
  readonly rpcUrl: string;
  /**
   * Base URL of the registry's official verification page, without a trailing slash: its
   * extracts' QR codes are exactly `<verifyUrl>/v#<seal>` (for this service's own registry,
   * `SCEAU_PUBLIC_URL`).
   */
  readonly verifyUrl: string;
  /** The offices anchoring in this registry and the accounts that anchor for each. */
  readonly offices?: readonly TrustedOfficeConfig[] | undefined;
}

/** An office in a trust list: who it is, and its issuer accounts (`sceau deploy` prints them). */
interface TrustedOfficeConfig {
  readonly id: string;
  readonly name: { readonly fr: string; readonly de: string; readonly it: string; readonly en: string };
  readonly canton: string;
  readonly address: string;
  readonly accounts: readonly string[];
}

export interface Config {
  readonly host: string;
  readonly port: number;
  /** Base URL of the official verifier, printed on extracts and encoded in QR codes. */
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly chain: {
    /** True when the service starts and owns a local Hardhat chain (no RPC URL configured). */
    readonly local: boolean;
    /**
     * True on a development chain (the local one, or chain id 31337 or 1337, Hardhat's and
     * Anvil's): the only chains where plain keys in variables are accepted.
     */
    readonly development: boolean;
    readonly rpcUrl: string;
    readonly chainId: number;
    readonly localPort: number;
    readonly registryAddress: string;
    readonly registryName: string;
    readonly adminKey: string | null;
    readonly issuerKey: string;
    readonly revokerKey: string;
    readonly timeoutMs: number;
    /**
     * `auto`: on a Hardhat or Anvil development chain where the registry is missing, redeploy it
     * at the same address and replay the journal; `off`: never.
     */
    readonly replay: "auto" | "off";
  };
  /** Offices from SCEAU_OFFICES_FILE; null means "create the demo office" (development only). */
  readonly offices: readonly OfficeConfig[] | null;
  readonly trustList: readonly TrustedRegistryConfig[];
  readonly batch: { readonly maxSize: number; readonly maxWaitMs: number; readonly maxRootsPerTx: number };
  readonly issuing: {
    /** Most extracts accepted and not yet anchored; beyond it intake answers `BACKLOG_FULL`. */
    readonly backlogMax: number;
    readonly retryInitialMs: number;
    readonly retryMaxMs: number;
    /** Worker threads rendering and stamping PDFs (0: the main thread). */
    readonly pdfThreads: number;
    /** How long `?wait=true` waits for anchoring or a revocation. */
    readonly waitTimeoutMs: number;
    readonly bulkMaxBytes: number;
    readonly bulkMaxLines: number;
  };
  /** Test aid: `name[:n]` kills the process with SIGKILL the n-th time it reaches that point. */
  readonly failpoint: { readonly name: string; readonly count: number } | null;
  readonly verify: {
    readonly maxAgeDays: number;
    readonly minConfirmations: number;
    readonly maxUploadBytes: number;
    readonly maxPdfPages: number;
    readonly maxPixels: number;
    /** Time allowed to find the QR code in one uploaded file. */
    readonly timeBudgetMs: number;
    /** Files decoded from pixels at once. */
    readonly concurrency: number;
    /** Files waiting for their turn to be decoded; beyond, `VERIFY_BUSY`. */
    readonly queueMax: number;
    /** Longest wait for that turn; beyond, `VERIFY_BUSY`. */
    readonly queueWaitMs: number;
    /** Files from one client address being decoded or waiting at once; beyond, `VERIFY_BUSY`. */
    readonly jobsPerAddress: number;
  };
  /** Node HTTP server timeouts (milliseconds). */
  readonly http: {
    /** To receive a request's headers. */
    readonly headersTimeoutMs: number;
    /** To receive a whole request, body included. */
    readonly requestTimeoutMs: number;
    /** An idle keep-alive connection is closed after this. */
    readonly keepAliveTimeoutMs: number;
  };
  readonly logLevel: "debug" | "info" | "warn" | "error" | "silent";
  readonly ops: {
    /** Verifications (`POST /api/v1/verify`, `GET /api/v1/roots/…`) per client address per minute; 0: no limit. */
    readonly verifyPerMinute: number;
    /** Issuing requests (`POST /api/v1/extracts`, `/bulk`, revocations) per office per minute; 0: no limit. */
    readonly issuePerMinute: number;
    /** Office requests per client address per minute that fail authentication; 0: no limit. */
    readonly authFailuresPerMinute: number;
    /** Reverse proxies in front of the service whose `X-Forwarded-For` is trusted (0: none). */
    readonly trustProxyHops: number;
    /** Bearer token required by `GET /metrics`; null: open. */
    readonly metricsToken: string | null;
    /** `/readyz` fails when the journal's file system has less free space than this. */
    readonly journalMinFreeBytes: number;
  };
}

const intFrom = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: "must be a whole number" })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `must be between ${min} and ${max}` });

const privateKey = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, { message: "must be a 0x-prefixed 32-byte hex key" });
const url = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" });

const envSchema = z.object({
  SCEAU_HOST: z.string().default("127.0.0.1"),
  SCEAU_PORT: intFrom(0, 65535).default(8080),
  SCEAU_PUBLIC_URL: url.optional(),
  SCEAU_DATA_DIR: z.string().default(".data"),
  SCEAU_RPC_URL: url.optional(),
  SCEAU_CHAIN_ID: intFrom(1, Number.MAX_SAFE_INTEGER).default(31337),
  SCEAU_LOCAL_CHAIN_PORT: intFrom(1, 65535).default(8545),
  SCEAU_REGISTRY_ADDRESS: z.string().optional(),
  SCEAU_REGISTRY_NAME: z.string().min(1).default("Sceau development registry (local chain)"),
  SCEAU_ADMIN_KEY: privateKey.optional(),
  SCEAU_ISSUER_KEY: privateKey.optional(),
  SCEAU_REVOKER_KEY: privateKey.optional(),
  SCEAU_ADMIN_KEYSTORE: z.string().min(1).optional(),
  SCEAU_ISSUER_KEYSTORE: z.string().min(1).optional(),
  SCEAU_REVOKER_KEYSTORE: z.string().min(1).optional(),
  SCEAU_KEYSTORE_PASSWORD_FILE: z.string().min(1).optional(),
  SCEAU_RPC_TIMEOUT_MS: intFrom(100, 600_000).default(5000),
  SCEAU_OFFICES_FILE: z.string().optional(),
  SCEAU_TRUST_LIST_FILE: z.string().optional(),
  SCEAU_BATCH_MAX: intFrom(1, 4096).default(64),
  SCEAU_BATCH_WAIT_MS: intFrom(0, 3_600_000).default(2000),
  SCEAU_ANCHOR_MAX_ROOTS: intFrom(1, 256).default(32),
  SCEAU_BACKLOG_MAX: intFrom(1, 10_000_000).default(20_000),
  SCEAU_RETRY_INITIAL_MS: intFrom(10, 600_000).default(250),
  SCEAU_RETRY_MAX_MS: intFrom(10, 3_600_000).default(30_000),
  SCEAU_PDF_THREADS: intFrom(0, 64).optional(),
  SCEAU_WAIT_TIMEOUT_MS: intFrom(0, 3_600_000).default(120_000),
  SCEAU_BULK_MAX_BYTES: intFrom(1024, 1024 * 1024 * 1024).default(64 * 1024 * 1024),
  SCEAU_BULK_MAX_LINES: intFrom(1, 10_000_000).default(100_000),
  SCEAU_LOCAL_CHAIN_REPLAY: z.enum(["auto", "off"]).default("auto"),
  SCEAU_FAILPOINT: z
    .string()
    .regex(/^[a-z-]+(:[1-9]\d*)?$/, { message: "must be <name> or <name>:<count>" })
    .optional(),
  SCEAU_MAX_AGE_DAYS: intFrom(1, 3650).default(90),
  SCEAU_MIN_CONFIRMATIONS: intFrom(1, 1000).default(1),
  SCEAU_MAX_UPLOAD_BYTES: intFrom(1024, 200 * 1024 * 1024).default(20 * 1024 * 1024),
  SCEAU_MAX_PDF_PAGES: intFrom(1, 100).default(5),
  SCEAU_MAX_PIXELS: intFrom(1_000_000, 500_000_000).default(50_000_000),
  SCEAU_VERIFY_TIME_BUDGET_MS: intFrom(100, 60_000).default(3000),
  SCEAU_VERIFY_CONCURRENCY: intFrom(1, 256).optional(),
  SCEAU_VERIFY_QUEUE_MAX: intFrom(0, 10_000).default(16),
  SCEAU_VERIFY_QUEUE_WAIT_MS: intFrom(0, 600_000).default(5000),
  SCEAU_VERIFY_JOBS_PER_ADDRESS: intFrom(1, 10_000).default(2),
  SCEAU_HTTP_HEADERS_TIMEOUT_MS: intFrom(1000, 600_000).default(10_000),
  SCEAU_HTTP_REQUEST_TIMEOUT_MS: intFrom(1000, 3_600_000).default(120_000),
  SCEAU_HTTP_KEEP_ALIVE_TIMEOUT_MS: intFrom(100, 600_000).default(5000),
  SCEAU_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  SCEAU_RATE_VERIFY_PER_MINUTE: intFrom(0, 100_000_000).default(600),
  SCEAU_RATE_ISSUE_PER_MINUTE: intFrom(0, 100_000_000).default(6000),
  SCEAU_RATE_AUTH_FAILURES_PER_MINUTE: intFrom(0, 100_000_000).default(30),
  SCEAU_TRUST_PROXY_HOPS: intFrom(0, 10).default(0),
  SCEAU_METRICS_TOKEN: z.string().min(16, { message: "must be at least 16 characters" }).optional(),
  SCEAU_JOURNAL_MIN_FREE_MB: intFrom(0, 1_000_000).default(64),
});

const officeSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/),
  name: z.string().min(1),
  addressLines: z.array(z.string()).max(4),
  canton: z.string().regex(/^[A-Z]{2}$/),
  place: z.string().min(1),
  language: z.enum(LANGUAGES),
  tokenSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { message: "must be the SHA-256 of the token in lower-case hex" }),
  /** Path of the office's own issuer keystore (same password file as the others). */
  issuerKeystore: z.string().min(1).optional(),
});

/** Chain ids of Hardhat's and Anvil's development chains. */
const DEVELOPMENT_CHAIN_IDS: ReadonlySet<number> = new Set([31337, 1337]);

const trustedSchema = z.strictObject({
  chainId: z.number().int().positive(),
  address: z.string(),
  name: z.string().min(1),
  rpcUrl: url,
  verifyUrl: url,
  /** The offices anchoring in this registry and their issuer accounts (as `sceau deploy` prints them). */
  offices: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        name: z.strictObject({ fr: z.string(), de: z.string(), it: z.string(), en: z.string() }),
        canton: z.string(),
        address: z.string(),
        accounts: z.array(z.string()),
      }),
    )
    .optional(),
});

/**
 * Parses the configuration from `env` (normally `process.env`). The answer is frozen, nested
 * objects included: what start-up read is what every part of the service sees.
 * @throws {SceauError} `CONFIG_INVALID` listing every bad variable
 */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith("SCEAU_"))),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new SceauError("CONFIG_INVALID", `Invalid configuration: ${lines.join("; ")}`);
  }
  const e = parsed.data;
  const local = e.SCEAU_RPC_URL === undefined;
  const development = local || DEVELOPMENT_CHAIN_IDS.has(e.SCEAU_CHAIN_ID);
  const keys = loadKeys(e, development, cwd);
  if (!local && (!keys.issuer || !keys.revoker || !e.SCEAU_REGISTRY_ADDRESS)) {
    throw new SceauError(
      "CONFIG_INVALID",
      "With SCEAU_RPC_URL set, SCEAU_REGISTRY_ADDRESS and the issuer and revoker keys (SCEAU_ISSUER_KEYSTORE and SCEAU_REVOKER_KEYSTORE, or on a development chain SCEAU_ISSUER_KEY and SCEAU_REVOKER_KEY) are required.",
    );
  }
  // Node refuses a server whose headers may take longer than the whole request.
  if (e.SCEAU_HTTP_HEADERS_TIMEOUT_MS > e.SCEAU_HTTP_REQUEST_TIMEOUT_MS) {
    throw new SceauError(
      "CONFIG_INVALID",
      "Invalid configuration: SCEAU_HTTP_HEADERS_TIMEOUT_MS must not exceed SCEAU_HTTP_REQUEST_TIMEOUT_MS.",
    );
  }
  const adminKey = keys.admin ?? (local ? DEV_KEYS.admin : null);
  const registryAddress = parseAddress(
    e.SCEAU_REGISTRY_ADDRESS ?? devRegistryAddress(),
    "SCEAU_REGISTRY_ADDRESS",
  );
  const rpcUrl = e.SCEAU_RPC_URL ?? `http://127.0.0.1:${e.SCEAU_LOCAL_CHAIN_PORT}`;
  const publicUrl = (e.SCEAU_PUBLIC_URL ?? `http://${e.SCEAU_HOST}:${e.SCEAU_PORT}`).replace(/\/+$/, "");
  const dataDir = resolve(cwd, e.SCEAU_DATA_DIR);

  const offices = e.SCEAU_OFFICES_FILE
    ? readJsonFile(
        resolve(cwd, e.SCEAU_OFFICES_FILE),
        z.array(officeSchema).min(1),
        "SCEAU_OFFICES_FILE",
      ).map(
        ({ issuerKeystore, ...o }): OfficeConfig => ({
          ...o,
          issuerKey: issuerKeystore
            ? readKeystore(resolve(cwd, issuerKeystore), keys.password(), `SCEAU_OFFICES_FILE (${o.id})`)
            : null,
        }),
      )
    : null;
  const issuerKey = keys.issuer ?? DEV_KEYS.issuer;
  const ownRegistry: TrustedRegistryConfig = {
    chainId: e.SCEAU_CHAIN_ID,
    address: registryAddress,
    name: e.SCEAU_REGISTRY_NAME,
    rpcUrl,
    verifyUrl: publicUrl,
    // Each office's anchoring account: its own issuer key, or the service's.
    ...(offices
      ? {
          offices: offices.map((o) => ({
            id: o.id,
            name: { fr: o.name, de: o.name, it: o.name, en: o.name },
            canton: o.canton,
            address: o.addressLines.join(", "),
            accounts: [computeAddress(o.issuerKey ?? issuerKey)],
          })),
        }
      : {}),
  };
  const extra = e.SCEAU_TRUST_LIST_FILE
    ? readJsonFile(
        resolve(cwd, e.SCEAU_TRUST_LIST_FILE),
        z.array(trustedSchema),
        "SCEAU_TRUST_LIST_FILE",
      ).map((t) => ({
        ...t,
        address: parseAddress(t.address, "SCEAU_TRUST_LIST_FILE"),
        verifyUrl: t.verifyUrl.replace(/\/+$/, ""),
      }))
    : [];

  return deepFreeze({
    host: e.SCEAU_HOST,
    port: e.SCEAU_PORT,
    publicUrl,
    dataDir,
    chain: {
      local,
      development,
      rpcUrl,
      chainId: e.SCEAU_CHAIN_ID,
      localPort: e.SCEAU_LOCAL_CHAIN_PORT,
      registryAddress,
      registryName: e.SCEAU_REGISTRY_NAME,
      adminKey,
      issuerKey,
      revokerKey: keys.revoker ?? DEV_KEYS.revoker,
      timeoutMs: e.SCEAU_RPC_TIMEOUT_MS,
      replay: e.SCEAU_LOCAL_CHAIN_REPLAY,
    },
    offices,
    trustList: [
      ownRegistry,
      ...extra.filter((t) => !(t.chainId === ownRegistry.chainId && t.address === registryAddress)),
    ],
    batch: {
      maxSize: e.SCEAU_BATCH_MAX,
      maxWaitMs: e.SCEAU_BATCH_WAIT_MS,
      maxRootsPerTx: e.SCEAU_ANCHOR_MAX_ROOTS,
    },
    issuing: {
      backlogMax: e.SCEAU_BACKLOG_MAX,
      retryInitialMs: e.SCEAU_RETRY_INITIAL_MS,
      retryMaxMs: Math.max(e.SCEAU_RETRY_MAX_MS, e.SCEAU_RETRY_INITIAL_MS),
      pdfThreads: e.SCEAU_PDF_THREADS ?? availableParallelism(),
      waitTimeoutMs: e.SCEAU_WAIT_TIMEOUT_MS,
      bulkMaxBytes: e.SCEAU_BULK_MAX_BYTES,
      bulkMaxLines: e.SCEAU_BULK_MAX_LINES,
    },
    failpoint: parseFailpoint(e.SCEAU_FAILPOINT),
    verify: {
      maxAgeDays: e.SCEAU_MAX_AGE_DAYS,
      minConfirmations: e.SCEAU_MIN_CONFIRMATIONS,
      maxUploadBytes: e.SCEAU_MAX_UPLOAD_BYTES,
      maxPdfPages: e.SCEAU_MAX_PDF_PAGES,
      maxPixels: e.SCEAU_MAX_PIXELS,
      timeBudgetMs: e.SCEAU_VERIFY_TIME_BUDGET_MS,
      concurrency: e.SCEAU_VERIFY_CONCURRENCY ?? availableParallelism(),
      queueMax: e.SCEAU_VERIFY_QUEUE_MAX,
      queueWaitMs: e.SCEAU_VERIFY_QUEUE_WAIT_MS,
      jobsPerAddress: e.SCEAU_VERIFY_JOBS_PER_ADDRESS,
    },
    http: {
      headersTimeoutMs: e.SCEAU_HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.SCEAU_HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.SCEAU_HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
    logLevel: e.SCEAU_LOG_LEVEL,
    ops: {
      verifyPerMinute: e.SCEAU_RATE_VERIFY_PER_MINUTE,
      issuePerMinute: e.SCEAU_RATE_ISSUE_PER_MINUTE,
      authFailuresPerMinute: e.SCEAU_RATE_AUTH_FAILURES_PER_MINUTE,
      trustProxyHops: e.SCEAU_TRUST_PROXY_HOPS,
      metricsToken: e.SCEAU_METRICS_TOKEN ?? null,
      journalMinFreeBytes: e.SCEAU_JOURNAL_MIN_FREE_MB * 1024 * 1024,
    },
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function parseFailpoint(value: string | undefined): { name: string; count: number } | null {
  if (value === undefined) return null;
  const [name = "", count] = value.split(":");
  return { name, count: count === undefined ? 1 : Number(count) };
}

function parseAddress(value: string, name: string): string {
  try {
    return getAddress(value);
  } catch (cause) {
    throw new SceauError("CONFIG_INVALID", `${name}: ${value} is not an address.`, { cause });
  }
}

function readJsonFile<T>(path: string, schema: z.ZodType<T>, name: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new SceauError("CONFIG_INVALID", `${name}: cannot read JSON from ${path}.`, { cause });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new SceauError("CONFIG_INVALID", `${name}: ${lines.join("; ")}`);
  }
  return parsed.data;
}
