/**
 * Configuration: every environment variable the service reads, parsed and validated once at
 * start-up. Nothing else reads `process.env`. The "Configuration" table of docs/operations.md lists the same
 * variables with the same defaults.
 * @module
 */
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { computeAddress } from "ethers";
import * as z from "zod";
import { DEV_KEYS, devRegistryAddress } from "./chain/dev/keys.ts";
import { counterConfig, counterEnvShape, type CounterConfig } from "./config-counter.ts";
import { loadKeys, readKeystore } from "./chain/keystore.ts";
import {
  ownRegistryEntry,
  parseAddress,
  readJsonFile,
  readOffices,
  readTrustList,
  type OfficeConfig,
  type TrustedRegistryConfig,
} from "./config-trust.ts";
import { SceauError } from "./core/errors.ts";

export interface Config extends CounterConfig {
  readonly host: string;
  readonly port: number;
  /** Base URL of the official verifier, printed on extracts and encoded in QR codes. */
  readonly publicUrl: string;
  /**
   * Address of the online counter where a person orders their own extract, without a trailing
   * slash; printed on extracts (layout v2) under the seal block.
   */
  readonly counterUrl: string;
  readonly dataDir: string;
  readonly chain: {
    /** True when the service starts and owns a local Hardhat chain (no RPC URL configured). */
    readonly local: boolean;
    /**
     * True on a development chain (the local one, or chain id 31337 or 1337, Hardhat's and
     * Anvil's): the only chains where plain keys in variables are accepted.
     */
    readonly development: boolean;
    /** The first of {@link rpcUrls}: the trust list's entry for the service's own registry. */
    readonly rpcUrl: string;
    /** Every JSON-RPC endpoint of the chain, in order (see `chain/endpoints.ts`). */
    readonly rpcUrls: readonly string[];
    /** Event searches: from the registry's deployment block, in windows of at most `range` blocks. */
    readonly logs: { readonly fromBlock: number; readonly range: number };
    /**
     * Blocks, the including one counted, after which an anchoring is final (the verifier's
     * FINALITY check uses the same number).
     */
    readonly minConfirmations: number;
    /** Transactions: the most the service pays per gas, and when a transaction is replaced. */
    readonly fees: {
      /** Cap on `maxFeePerGas`, in wei; above it the service waits. */
      readonly maxFeePerGas: bigint;
      /** A transaction not included after this long is replaced (same nonce, higher fee). */
      readonly replaceAfterMs: number;
    };
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
  /** The online counter's own settings (its adapters' are in `CounterConfig`). */
  readonly counter: {
    /** Post office agents from SCEAU_COUNTER_AGENTS_FILE; null: a demo agent (development only) or none. */
    readonly agents: readonly CounterAgentConfig[] | null;
    /** Orders per citizen per hour; 0: no limit. */
    readonly ordersPerHour: number;
    /** Orders per agent per hour; 0: no limit. */
    readonly agentOrdersPerHour: number;
    /** A counter session ends after this long idle (and after 8 hours at most). */
    readonly sessionMinutes: number;
  };
}

/** A post office agent of the online counter. */
export interface CounterAgentConfig {
  readonly id: string;
  readonly name: string;
  readonly postOffice: { readonly id: string; readonly name: string };
  /** SHA-256 of the agent's credential, lower-case hex. */
  readonly credentialSha256: string;
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
  SCEAU_COUNTER_URL: url.optional(),
  SCEAU_DATA_DIR: z.string().default(".data"),
  SCEAU_RPC_URL: z
    .string()
    .transform((v) =>
      v
        .split(",")
        .map((u) => u.trim())
        .filter((u) => u !== ""),
    )
    .pipe(z.array(url).min(1, { message: "must list at least one http(s) URL" }))
    .optional(),
  SCEAU_REGISTRY_FROM_BLOCK: intFrom(0, Number.MAX_SAFE_INTEGER).default(0),
  SCEAU_LOG_RANGE: intFrom(1, 1_000_000).default(5000),
  SCEAU_MAX_FEE_GWEI: z
    .string()
    .regex(/^\d+(\.\d{1,9})?$/, { message: "must be a number of gwei (up to 9 decimals)" })
    .default("200"),
  SCEAU_TX_REPLACE_AFTER_MS: intFrom(1000, 3_600_000).default(60_000),
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
  ...counterEnvShape,
  SCEAU_COUNTER_AGENTS_FILE: z.string().optional(),
  SCEAU_COUNTER_ORDERS_PER_HOUR: intFrom(0, 100_000).default(5),
  SCEAU_COUNTER_AGENT_ORDERS_PER_HOUR: intFrom(0, 100_000).default(120),
  SCEAU_COUNTER_SESSION_MINUTES: intFrom(1, 1440).default(30),
});

const agentSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  name: z.string().min(1).max(100),
  postOffice: z.strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    name: z.string().min(1).max(100),
  }),
  credentialSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { message: "must be the SHA-256 of the credential in lower-case hex" }),
});

/** Chain ids of Hardhat's and Anvil's development chains. */
const DEVELOPMENT_CHAIN_IDS: ReadonlySet<number> = new Set([31337, 1337]);

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
  const rpcUrls = e.SCEAU_RPC_URL ?? [`http://127.0.0.1:${e.SCEAU_LOCAL_CHAIN_PORT}`];
  const rpcUrl = rpcUrls[0] ?? "";
  const publicUrl = (e.SCEAU_PUBLIC_URL ?? `http://${e.SCEAU_HOST}:${e.SCEAU_PORT}`).replace(/\/+$/, "");
  const counterUrl = (e.SCEAU_COUNTER_URL ?? `${publicUrl}/counter`).replace(/\/+$/, "");
  const dataDir = resolve(cwd, e.SCEAU_DATA_DIR);

  const offices = e.SCEAU_OFFICES_FILE
    ? readOffices(resolve(cwd, e.SCEAU_OFFICES_FILE), (path, office) =>
        readKeystore(resolve(cwd, path), keys.password(), `SCEAU_OFFICES_FILE (${office})`),
      )
    : null;
  const extra = e.SCEAU_TRUST_LIST_FILE ? readTrustList(resolve(cwd, e.SCEAU_TRUST_LIST_FILE)) : [];
  const issuerKey = keys.issuer ?? DEV_KEYS.issuer;
  const ownRegistry = ownRegistryEntry(
    {
      chainId: e.SCEAU_CHAIN_ID,
      address: registryAddress,
      name: e.SCEAU_REGISTRY_NAME,
      rpcUrl,
      verifyUrl: publicUrl,
    },
    offices,
    extra,
    computeAddress(issuerKey),
  );

  return deepFreeze({
    ...counterConfig(e, { local, publicUrl, cwd }),
    host: e.SCEAU_HOST,
    port: e.SCEAU_PORT,
    publicUrl,
    counterUrl,
    dataDir,
    chain: {
      local,
      development,
      rpcUrl,
      rpcUrls,
      logs: { fromBlock: e.SCEAU_REGISTRY_FROM_BLOCK, range: e.SCEAU_LOG_RANGE },
      minConfirmations: e.SCEAU_MIN_CONFIRMATIONS,
      fees: {
        maxFeePerGas: parseGwei(e.SCEAU_MAX_FEE_GWEI),
        replaceAfterMs: e.SCEAU_TX_REPLACE_AFTER_MS,
      },
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
    counter: {
      agents: e.SCEAU_COUNTER_AGENTS_FILE
        ? readJsonFile(
            resolve(cwd, e.SCEAU_COUNTER_AGENTS_FILE),
            z.array(agentSchema).min(1),
            "SCEAU_COUNTER_AGENTS_FILE",
          )
        : null,
      ordersPerHour: e.SCEAU_COUNTER_ORDERS_PER_HOUR,
      agentOrdersPerHour: e.SCEAU_COUNTER_AGENT_ORDERS_PER_HOUR,
      sessionMinutes: e.SCEAU_COUNTER_SESSION_MINUTES,
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

/** Wei in `gwei` given as a decimal string (validated above: digits, up to 9 decimals). */
function parseGwei(gwei: string): bigint {
  const [whole = "0", fraction = ""] = gwei.split(".");
  return BigInt(whole) * 1_000_000_000n + BigInt(fraction.padEnd(9, "0"));
}

function parseFailpoint(value: string | undefined): { name: string; count: number } | null {
  if (value === undefined) return null;
  const [name = "", count] = value.split(":");
  return { name, count: count === undefined ? 1 : Number(count) };
}
