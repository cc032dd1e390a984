/**
 * The whole service wired from the configuration: the issuing side, the verifier, the pages
 * and the HTTP server listening.
 * @module
 */
import { statfsSync } from "node:fs";
import { createServer, type Server, type ServerOptions } from "node:http";
import { RegistryClient } from "../chain/registry.ts";
import type { Config } from "../config.ts";
import { SceauError } from "../core/errors.ts";
import { createReadiness } from "../health.ts";
import { createApp } from "../http/app.ts";
import { OfficeAuth } from "../http/auth.ts";
import { buildWeb } from "../http/web-build.ts";
import type { BulkService } from "../issuer/bulk.ts";
import type { IssuerService } from "../issuer/service.ts";
import { createLogger, errorFields } from "../log.ts";
import { createMetrics } from "../metrics.ts";
import { wasmKeccak256 } from "../keccak-wasm.ts";
import { initQrDecoder } from "../qr/decode.ts";
import type { IdentityPort, RegisterPort } from "../counter/ports.ts";
import { startCounter, type CounterRuntime } from "./counter.ts";
import { startIssuer, type StartOptions } from "./issuer.ts";
import { shutdownList } from "./lifecycle.ts";
import { createVerifier } from "./verifier.ts";

export interface RunningService {
  /** Base URL the HTTP server listens on. */
  readonly url: string;
  readonly config: Config;
  readonly registryAddress: string;
  /** The demo office's token, when the demo office is in use. */
  readonly demoToken: string | null;
  readonly issuer: IssuerService;
  readonly bulk: BulkService;
  /** The online counter, when configured. */
  readonly counter: CounterRuntime | null;
  close(): Promise<void>;
}

export interface ServiceOptions extends StartOptions {
  /** The canton's login (tests: the embedded provider's adapter). */
  readonly identity?: IdentityPort;
  /** Test aid: the register the counter asks. */
  readonly register?: RegisterPort;
}

/** Starts everything `config` describes. */
export async function startService(config: Config, options: ServiceOptions = {}): Promise<RunningService> {
  const log = options.log ?? createLogger(config.logLevel);
  const now = options.now ?? Date.now;
  const metrics = createMetrics();
  const runtime = await startIssuer(config, {
    ...options,
    log,
    now,
    observer: metrics.issuer,
    senderObserver: metrics.sender,
  });
  const { provider, artifact, registryAddress, issuer, bulk, offices, demoToken, journal, pdf, fees } =
    runtime;
  metrics.gauge(
    "sceau_chain_fee_capped",
    "1 while the base fee is above SCEAU_MAX_FEE_GWEI and anchoring waits.",
    () => (fees.capped ? 1 : 0),
  );
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
    const registryReader = new RegistryClient(registryAddress, artifact, provider);
    const {
      verifier,
      trustList,
      close: closeVerifier,
    } = createVerifier(config, {
      now,
      keccak256: await wasmKeccak256(),
      artifact,
      shared: { rpcUrl: config.chain.rpcUrl, chainId: config.chain.chainId, provider },
    });
    closers.push(closeVerifier);
    const [web] = await Promise.all([buildWeb({ counterUrl: config.counterUrl }), initQrDecoder()]);
    const counter = await startCounter(config, {
      journal,
      issuer,
      offices,
      log,
      now,
      ...(options.identity ? { identity: options.identity } : {}),
      ...(options.register ? { register: options.register } : {}),
    });
    // Closers run in reverse: the counter finishes its orders before the issuer stops.
    if (counter) closers.push(() => counter.close());

    const app = createApp({
      issuer,
      bulk,
      verifier,
      auth: new OfficeAuth(offices),
      trustList,
      web,
      now,
      ...(counter ? { counter: counter.http } : {}),
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
          anchoringBlocked: () => (issuer.alarms().count > 0 ? "ALARM" : fees.capped ? "FEE_CAPPED" : null),
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
    return { url, config, registryAddress, demoToken, issuer, bulk, counter, close };
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
