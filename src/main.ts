/**
 * The one place where everything is wired together: configuration, the chain (starting the
 * local development chain when no RPC URL is configured), the journal, the issuer, the verifier
 * and the HTTP server.
 *
 * Run directly (`node src/main.ts`) it starts the service and prints the verifier URL and a demo
 * office token; SIGINT or SIGTERM stops the service and the local chain it started.
 * @module
 */
import { randomBytes as nodeRandomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statfsSync, writeFileSync } from "node:fs";
import { createServer, type Server, type ServerOptions } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Wallet, getAddress, type JsonRpcProvider } from "ethers";
import { loadRegistryArtifact } from "./chain/artifact.ts";
import { FreshStatusReader, HeadReader, headOf } from "./chain/fresh-reader.ts";
import { createIssuerChain } from "./chain/issuer-chain.ts";
import { startLocalNode, type LocalNode } from "./chain/local-node.ts";
import { createProvider } from "./chain/provider.ts";
import { ROLES, RegistryClient, addressBytes } from "./chain/registry.ts";
import { devChainClient, replayOnFreshChain } from "./chain/replay.ts";
import { loadConfig, type Config, type OfficeConfig } from "./config.ts";
import { SceauError } from "./core/errors.ts";
import { createApp } from "./http/app.ts";
import { OfficeAuth, hashToken } from "./http/auth.ts";
import { BulkService } from "./issuer/bulk.ts";
import { IssuerService, type Failpoint, type IssuerOffice } from "./issuer/service.ts";
import { createReadiness } from "./health.ts";
import type { IssuerObserver } from "./issuer/ports.ts";
import { wasmKeccak256 } from "./keccak-wasm.ts";
import { createLogger, errorFields, type Logger } from "./log.ts";
import { createMetrics } from "./metrics.ts";
import { PROJECT_ROOT } from "./paths.ts";
import { createRandomSource } from "./random.ts";
import { initQrDecoder } from "./qr/decode.ts";
import { Journal } from "./store/journal.ts";
import { JsQrRunner } from "./qr/jsqr.ts";
import { QrLocator } from "./documents/locator.ts";
import { createPdfPool, type PdfPool } from "./workers/pdf-pool.ts";
import type { TrustedRegistry } from "./verifier/ports.ts";
import { Verifier } from "./verifier/verifier.ts";
import { buildWeb } from "./web/build.ts";

export interface RunningService {
  /** Base URL the HTTP server listens on. */
  readonly url: string;
  readonly config: Config;
  readonly registryAddress: string;
  /** The demo office's token, when the demo office is in use. */
  readonly demoToken: string | null;
  readonly issuer: IssuerService;
  readonly bulk: BulkService;
  close(): Promise<void>;
}

/** The issuing side alone (no HTTP, no verifier): what the service and the bulk CLI share. */
export interface IssuerRuntime {
  readonly config: Config;
  readonly provider: JsonRpcProvider;
  readonly registryAddress: string;
  readonly journal: Journal;
  readonly issuer: IssuerService;
  readonly bulk: BulkService;
  readonly pdf: PdfPool;
  readonly offices: readonly OfficeConfig[];
  readonly demoToken: string | null;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly log?: Logger;
  readonly now?: () => number;
  /** Told of intake, batches and anchoring (metrics). */
  readonly observer?: IssuerObserver;
  /** Source of document ids and salts; a seeded one makes issued PDFs reproducible (benchmarks). */
  readonly randomBytes?: (n: number) => Uint8Array;
}

/**
 * Starts the issuing side `config` describes: the local chain when no RPC URL is configured, the
 * journal, the registry (redeployed and replayed on a fresh development chain), the roles, the
 * PDF workers, the issuer and the bulk jobs.
 */
export async function startIssuer(config: Config, options: StartOptions = {}): Promise<IssuerRuntime> {
  const log = options.log ?? createLogger(config.logLevel);
  const now = options.now ?? Date.now;
  // Owner only: the journal (personal data) and the demo token live here.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // Sealing a batch is mostly Keccak-256: the WebAssembly one is about six times faster.
  const keccak256 = await wasmKeccak256();
  const { closers, close } = shutdownList(log);

  try {
    // The journal first: a fresh local chain starts its clock before the journal's first event.
    const journal = new Journal(join(config.dataDir, "journal.sqlite"));
    closers.push(() => {
      journal.close();
    });

    if (config.chain.local) {
      const earliest = journal.earliestChainTime();
      const node: LocalNode = await startLocalNode({
        port: config.chain.localPort,
        chainId: config.chain.chainId,
        logFile: join(config.dataDir, "hardhat-node.log"),
        cwd: PROJECT_ROOT,
        ...(earliest === null ? {} : { genesisTime: earliest - 3600 }),
      });
      closers.push(() => node.stop());
      log("info", node.owned ? "Local Hardhat chain started." : "Reusing the local chain already running.", {
        rpcUrl: node.url,
      });
    }

    const provider = createProvider(config.chain.rpcUrl, config.chain.chainId, {
      timeoutMs: config.chain.timeoutMs,
    });
    closers.push(() => {
      provider.destroy();
    });
    const artifact = loadRegistryArtifact();
    const issuerWallet = new Wallet(config.chain.issuerKey, provider);
    const revokerWallet = new Wallet(config.chain.revokerKey, provider);
    const registryAddress = config.chain.registryAddress;
    const recoverRegistry = (): Promise<void> =>
      ensureRegistry(config, provider, journal, issuerWallet, revokerWallet, now, log);
    await recoverRegistry();
    await ensureRoles(config, provider, registryAddress, issuerWallet.address, revokerWallet.address, log);

    const { offices, demoToken } = loadOffices(config);
    const issuerOffices = new Map<string, IssuerOffice>(
      offices.map((o) => [
        o.id,
        { id: o.id, name: o.name, addressLines: o.addressLines, canton: o.canton, place: o.place },
      ]),
    );

    const pdf = await createPdfPool(config.issuing.pdfThreads);
    const randomBytes = options.randomBytes ?? createRandomSource();
    closers.push(() => pdf.close());
    const issuer = new IssuerService({
      journal,
      chain: createIssuerChain({
        issuer: new RegistryClient(registryAddress, artifact, issuerWallet),
        revoker: new RegistryClient(registryAddress, artifact, revokerWallet),
      }),
      render: pdf.render,
      stamp: pdf.stamp,
      offices: issuerOffices,
      registry: { chainId: config.chain.chainId, address: addressBytes(registryAddress) },
      verifierUrl: config.publicUrl,
      batch: config.batch,
      backlogMax: config.issuing.backlogMax,
      retry: { initialMs: config.issuing.retryInitialMs, maxMs: config.issuing.retryMaxMs },
      now,
      randomBytes,
      log,
      ...(config.failpoint ? { failpoint: failpointOf(config.failpoint, log) } : {}),
      ...(options.observer ? { observer: options.observer } : {}),
      recoverRegistry,
      keccak256,
    });
    issuer.start();
    closers.push(() => issuer.stop());
    const bulk = new BulkService({
      journal,
      issuer,
      now,
      randomBytes,
      log,
      concurrency: Math.max(4, pdf.size * 4),
      maxLines: config.issuing.bulkMaxLines,
    });
    bulk.start();
    closers.push(() => bulk.stop());
    return { config, provider, registryAddress, journal, issuer, bulk, pdf, offices, demoToken, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Starts everything `config` describes. */
export async function startService(config: Config, options: StartOptions = {}): Promise<RunningService> {
  const log = options.log ?? createLogger(config.logLevel);
  const now = options.now ?? Date.now;
  const metrics = createMetrics();
  const runtime = await startIssuer(config, { ...options, log, now, observer: metrics.issuer });
  const { provider, registryAddress, issuer, bulk, offices, demoToken, journal, pdf } = runtime;
  metrics.gauge("sceau_backlog_extracts", "Extracts accepted and not yet anchored.", () => {
    const b = issuer.backlogSize();
    return b.stored + b.rendering;
  });
  metrics.gauge("sceau_pdf_queue", "PDF tasks waiting for a worker thread.", () => pdf.queued());
  metrics.gauge("sceau_journal_free_bytes", "Free space on the journal's file system.", () => {
    const fs = statfsSync(config.dataDir);
    return fs.bavail * fs.bsize;
  });
  const { closers, close } = shutdownList(log);
  closers.push(() => runtime.close());

  try {
    const artifact = loadRegistryArtifact();
    const registryReader = new RegistryClient(registryAddress, artifact, provider);
    // One head reader per chain connection, shared by the registries read through it.
    const heads = new Map<JsonRpcProvider, HeadReader>();
    const trustList: TrustedRegistry[] = config.trustList.map((t) => {
      const p =
        t.rpcUrl === config.chain.rpcUrl && t.chainId === config.chain.chainId
          ? provider
          : createProvider(t.rpcUrl, t.chainId, { timeoutMs: config.chain.timeoutMs });
      if (p !== provider) {
        closers.push(() => {
          p.destroy();
        });
      }
      const client = new RegistryClient(t.address, artifact, p);
      let head = heads.get(p);
      if (!head) {
        head = new HeadReader(headOf(p));
        heads.set(p, head);
      }
      const statuses = new FreshStatusReader(head, client);
      return {
        chainId: t.chainId,
        address: getAddress(t.address),
        name: t.name,
        verifyUrl: t.verifyUrl,
        reader: {
          sealStatus: (root, leaf) => statuses.sealStatus(root, leaf),
          revokedLeaves: (root) => statuses.revokedLeaves(root),
          anchorEvent: (root) => client.anchorEvent(root),
        },
      };
    });

    const [web] = await Promise.all([buildWeb(), initQrDecoder()]);
    const jsqr = new JsQrRunner();
    closers.push(() => jsqr.close());
    const verifier = new Verifier({
      trustList,
      now,
      maxAgeDays: config.verify.maxAgeDays,
      minConfirmations: config.verify.minConfirmations,
      // The configured limits: maxPdfPages, maxPixels, timeBudgetMs.
      documents: new QrLocator(config.verify, jsqr),
      keccak256: await wasmKeccak256(),
    });

    const app = createApp({
      issuer,
      bulk,
      verifier,
      auth: new OfficeAuth(offices),
      trustList,
      web,
      now,
      limits: {
        maxUploadBytes: config.verify.maxUploadBytes,
        waitTimeoutMs: config.issuing.waitTimeoutMs,
        bulkMaxBytes: config.issuing.bulkMaxBytes,
      },
      logError: (e) => {
        log("error", "Request failed.", errorFields(e));
      },
      ops: {
        metrics,
        log,
        metricsToken: config.ops.metricsToken,
        rate: {
          verifyPerMinute: config.ops.verifyPerMinute,
          issuePerMinute: config.ops.issuePerMinute,
          authFailuresPerMinute: config.ops.authFailuresPerMinute,
        },
        hsts: config.publicUrl.startsWith("https:"),
        trustProxyHops: config.ops.trustProxyHops,
        readiness: createReadiness({
          chain: async () => {
            if (!(await registryReader.isDeployed())) {
              throw new SceauError("REGISTRY_MISSING", `No registry at ${registryAddress}.`);
            }
          },
          journal: () => journal.ping(),
          journalDir: config.dataDir,
          minFreeBytes: config.ops.journalMinFreeBytes,
          issuerRunning: () => !issuer.isStopped(),
          timeoutMs: Math.min(config.chain.timeoutMs, 3000),
        }),
      },
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const s = createServer(serverOptions(config.http), app);
      s.once("error", reject);
      s.listen(config.port, config.host, () => {
        resolve(s);
      });
    });
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
          server.closeAllConnections();
        }),
    );
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const url = `http://${config.host}:${port}`;
    log("info", "Service listening.", { url, registry: registryAddress, chainId: config.chain.chainId });
    return { url, config, registryAddress, demoToken, issuer, bulk, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * The HTTP server's timeouts, set explicitly: a client gets `headersTimeoutMs` to send its
 * headers and `requestTimeoutMs` for the whole request (the time to answer is not limited:
 * `?wait=true` may wait for the chain), and an idle keep-alive connection is closed after
 * `keepAliveTimeoutMs`. Node checks the first two on a timer, here every second at most, so a
 * slow sender is dropped close to its limit rather than up to 30 s later.
 */
function serverOptions(http: Config["http"]): ServerOptions {
  return {
    headersTimeout: http.headersTimeoutMs,
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, Math.floor(http.headersTimeoutMs / 2)),
  };
}

/**
 * Makes sure the registry exists. When it is missing on a development chain (Hardhat or Anvil,
 * which keep nothing on disk) and `SCEAU_LOCAL_CHAIN_REPLAY` allows it, the development admin
 * deploys it again as its first transaction, which puts it at the configured address, and the
 * journal's anchors and revocations are replayed with their original times. Never on a chain
 * where the registry exists, nor on any other chain.
 * @throws {SceauError} `REGISTRY_MISSING` when the registry is missing and cannot be restored
 */
async function ensureRegistry(
  config: Config,
  provider: JsonRpcProvider,
  journal: Journal,
  issuer: Wallet,
  revoker: Wallet,
  now: () => number,
  log: Logger,
): Promise<void> {
  const artifact = loadRegistryArtifact();
  const address = config.chain.registryAddress;
  const reader = new RegistryClient(address, artifact, provider);
  if (await reader.isDeployed()) return;
  const client = await devChainClient(provider);
  if (client === null || config.chain.replay === "off" || !config.chain.adminKey) {
    throw new SceauError("REGISTRY_MISSING", `No registry at ${address} on chain ${config.chain.chainId}.`);
  }
  const history = journal.chainHistory();
  log("warn", "LOCAL DEVELOPMENT CHAIN: the registry is missing; redeploying it and replaying the journal.", {
    chain: client,
    address,
    anchors: history.filter((h) => h.kind === "anchor").length,
    revocations: history.filter((h) => h.kind !== "anchor").length,
  });
  const result = await replayOnFreshChain({
    provider,
    artifact,
    admin: new Wallet(config.chain.adminKey, provider),
    issuer,
    revoker,
    registryAddress: address,
    steps: history,
    now,
  });
  journal.applyReplay(result.results.map((r) => ({ event: r.step, facts: r.facts })));
  log("warn", "LOCAL DEVELOPMENT CHAIN: registry redeployed and journal replayed.", {
    address,
    replayed: result.results.length,
    shiftedTimestamps: result.shifted,
    ...(result.shifted > 0
      ? { note: "The chain started after the first original event: those events got later block times." }
      : {}),
  });
}

async function ensureRoles(
  config: Config,
  provider: JsonRpcProvider,
  registryAddress: string,
  issuer: string,
  revoker: string,
  log: Logger,
): Promise<void> {
  const artifact = loadRegistryArtifact();
  const reader = new RegistryClient(registryAddress, artifact, provider);
  const wanted: [string, string, string][] = [
    ["issuer", ROLES.issuer, issuer],
    ["revoker", ROLES.revoker, revoker],
  ];
  for (const [name, role, account] of wanted) {
    if (await reader.hasRole(role, account)) continue;
    if (!config.chain.adminKey) {
      throw new SceauError(
        "CONFIG_INVALID",
        `Account ${account} lacks the ${name} role and no admin key is configured.`,
      );
    }
    const admin = new RegistryClient(registryAddress, artifact, new Wallet(config.chain.adminKey, provider));
    await admin.grantRole(role, account);
    log("info", `Granted the ${name} role.`, { account });
  }
}

/** Configured offices, or the demo office (development) with a token kept in the data directory. */
function loadOffices(config: Config): { offices: OfficeConfig[]; demoToken: string | null } {
  if (config.offices) return { offices: [...config.offices], demoToken: null };
  const file = join(config.dataDir, "demo-office.json");
  let token: string;
  if (existsSync(file)) {
    token = (JSON.parse(readFileSync(file, "utf8")) as { token: string }).token;
  } else {
    token = nodeRandomBytes(24).toString("base64url");
    writeFileSync(file, `${JSON.stringify({ token }, null, 2)}\n`, { mode: 0o600 });
  }
  return {
    offices: [
      {
        id: "demo",
        name: "Office des poursuites de démonstration",
        addressLines: ["Rue de l'Exemple 1", "2800 Delémont"],
        canton: "JU",
        place: "Delémont",
        language: "fr",
        tokenSha256: hashToken(token),
      },
    ],
    demoToken: token,
  };
}

/** Kills the process outright the `count`-th time `name` is reached: crash tests only. */
function failpointOf(fp: { name: string; count: number }, log: Logger): (name: Failpoint) => void {
  let seen = 0;
  return (name) => {
    if (name !== fp.name || ++seen < fp.count) return;
    log("warn", "Failpoint reached: killing the process.", { failpoint: name });
    process.kill(process.pid, "SIGKILL");
    // SIGKILL to oneself is not instant everywhere: make sure nothing else runs meanwhile.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  };
}

/**
 * Things to stop, in reverse order of start. Stopping goes on past a failing step (logged), so
 * one stuck part never keeps the chain or the journal open.
 */
function shutdownList(log: Logger): { closers: (() => Promise<void> | void)[]; close: () => Promise<void> } {
  const closers: (() => Promise<void> | void)[] = [];
  const close = async (): Promise<void> => {
    for (const c of closers.splice(0).reverse()) {
      try {
        await c();
      } catch (e) {
        log("warn", "Error while stopping.", errorFields(e));
      }
    }
  };
  return { closers, close };
}

async function runFromCommandLine(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
  let service: RunningService;
  try {
    service = await startService(config);
  } catch (e) {
    process.stderr.write(`Sceau could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  const lines = [
    "",
    "Sceau is running.",
    `  Verification page:  ${config.publicUrl}/`,
    `  Office console:     ${service.url}/office`,
    `  Verification API:   ${service.url}/api/v1/verify`,
    `  API description:    ${service.url}/api/v1/openapi.json`,
    `  Registry:           ${service.registryAddress} (chain ${config.chain.chainId}${config.chain.local ? ", local development chain" : ""})`,
  ];
  if (service.demoToken) lines.push(`  Demo office token:  ${service.demoToken}   (office "demo")`);
  lines.push("Stop with Ctrl+C.", "");
  process.stdout.write(lines.join("\n"));
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping Sceau...\n`);
    void service.close().then(() => process.exit(0));
  };
  process.on("SIGINT", () => {
    stop("SIGINT");
  });
  process.on("SIGTERM", () => {
    stop("SIGTERM");
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runFromCommandLine();
}
