/**
 * The issuing side wired from the configuration, without HTTP or a verifier: what the service,
 * `sceau issue` and `sceau revoke` share.
 * @module
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Wallet, type JsonRpcProvider } from "ethers";
import { loadRegistryArtifact, type RegistryArtifact } from "../chain/artifact.ts";
import { startLocalNode } from "../chain/dev/local-node.ts";
import { createIssuerChain } from "../chain/issuer-chain.ts";
import { FeeGate, TxSender, type SenderObserver } from "../chain/sender.ts";
import { MultiEndpointProvider, checkEndpoints } from "../chain/endpoints.ts";
import { ensureRegistry, ensureRoles, type RegistrySetup } from "../chain/provision.ts";
import { RegistryClient, addressBytes } from "../chain/registry.ts";
import type { Config } from "../config.ts";
import type { OfficeConfig } from "../config-trust.ts";
import { BulkService } from "../issuer/bulk.ts";
import type { IssuerObserver } from "../issuer/ports.ts";
import { IssuerService, type IssuerOffice } from "../issuer/service.ts";
import { wasmKeccak256 } from "../keccak-wasm.ts";
import type { Logger } from "../core/log.ts";
import { createLogger } from "../log.ts";
import { PROJECT_ROOT } from "../paths.ts";
import { createRandomSource } from "../random.ts";
import { Journal } from "../store/journal.ts";
import { createPdfPool, type PdfPool } from "../pdf/pool.ts";
import { failpointOf, shutdownList } from "./lifecycle.ts";
import { loadOffices } from "./offices.ts";

/** The issuing side alone (no HTTP, no verifier). */
export interface IssuerRuntime {
  readonly config: Config;
  readonly provider: JsonRpcProvider;
  /** The compiled registry, loaded once. */
  readonly artifact: RegistryArtifact;
  readonly registryAddress: string;
  readonly journal: Journal;
  readonly issuer: IssuerService;
  readonly bulk: BulkService;
  readonly pdf: PdfPool;
  readonly offices: readonly OfficeConfig[];
  readonly demoToken: string | null;
  /** Whether anchoring waits for the base fee to fall below the cap. */
  readonly fees: FeeGate;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly log?: Logger;
  readonly now?: () => number;
  /** Told of intake, batches and anchoring (metrics). */
  readonly observer?: IssuerObserver;
  /** Told of replaced and resent transactions (metrics). */
  readonly senderObserver?: SenderObserver;
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
      const earliest = journal.history.earliestTime();
      const node = await startLocalNode({
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

    // Every endpoint must serve the configured chain before anything is read or sent.
    await checkEndpoints(config.chain.rpcUrls, config.chain.chainId, {
      timeoutMs: config.chain.timeoutMs,
      log,
    });
    const provider = new MultiEndpointProvider(config.chain.rpcUrls, config.chain.chainId, {
      timeoutMs: config.chain.timeoutMs,
      log,
    });
    closers.push(() => {
      provider.destroy();
    });
    const artifact = loadRegistryArtifact();
    const registryAddress = config.chain.registryAddress;
    const { offices, demoToken } = loadOffices(config);
    const officeWallets = new Map(
      offices.flatMap((o) => (o.issuerKey ? [[o.id, new Wallet(o.issuerKey, provider)] as const] : [])),
    );
    const setup: RegistrySetup = {
      provider,
      artifact,
      address: registryAddress,
      chainId: config.chain.chainId,
      issuer: new Wallet(config.chain.issuerKey, provider),
      revoker: new Wallet(config.chain.revokerKey, provider),
      officeIssuers: [...officeWallets.values()],
      adminKey: config.chain.adminKey,
      replay: config.chain.replay,
      now,
      log,
    };
    const recoverRegistry = (): Promise<void> => ensureRegistry(setup, journal.history);
    await recoverRegistry();
    await ensureRoles(setup);

    const issuerOffices = new Map<string, IssuerOffice>(
      offices.map((o) => [
        o.id,
        { id: o.id, name: o.name, addressLines: o.addressLines, canton: o.canton, place: o.place },
      ]),
    );

    const pdf = await createPdfPool(config.issuing.pdfThreads);
    const randomBytes = options.randomBytes ?? createRandomSource();
    closers.push(() => pdf.close());
    const fees = new FeeGate();
    const senderOf = (wallet: Wallet): TxSender =>
      new TxSender(
        wallet,
        provider,
        {
          maxFeePerGas: config.chain.fees.maxFeePerGas,
          replaceAfterMs: config.chain.fees.replaceAfterMs,
          pollMs: 250,
        },
        { log, gate: fees, ...(options.senderObserver ? { observer: options.senderObserver } : {}) },
      );
    const sender = senderOf(setup.issuer);
    const issuer = new IssuerService({
      keccak256,
      journal,
      chain: createIssuerChain({
        issuer: new RegistryClient(registryAddress, artifact, setup.issuer, config.chain.logs),
        revoker: new RegistryClient(registryAddress, artifact, setup.revoker, config.chain.logs),
        sender,
        provider,
        windows: config.chain.logs,
        offices: {
          issuers: new Map(
            [...officeWallets].map(([id, w]) => [
              id,
              new RegistryClient(registryAddress, artifact, w, config.chain.logs),
            ]),
          ),
          // One sender per office wallet: each has its own nonces and journaled transactions.
          senders: new Map([...officeWallets].map(([id, w]) => [id, senderOf(w)])),
          officeOfRoot: (root) => journal.batches.byRoot(root)?.office ?? null,
        },
      }),
      // The compromise alarm watches every account anchoring for this service.
      issuerAccounts: [setup.issuer.address, ...[...officeWallets.values()].map((w) => w.address)],
      finality: { minConfirmations: config.chain.minConfirmations, pollMs: 1000 },
      render: pdf.render,
      stamp: pdf.stamp,
      offices: issuerOffices,
      registry: { chainId: config.chain.chainId, address: addressBytes(registryAddress) },
      verifierUrl: config.publicUrl,
      counterUrl: config.counterUrl,
      // One office's root per transaction when offices sign with their own keys.
      batch: officeWallets.size > 0 ? { ...config.batch, maxRootsPerTx: 1 } : config.batch,
      backlogMax: config.issuing.backlogMax,
      retry: { initialMs: config.issuing.retryInitialMs, maxMs: config.issuing.retryMaxMs },
      now,
      randomBytes,
      log,
      ...(config.failpoint ? { failpoint: failpointOf(config.failpoint, log) } : {}),
      ...(options.observer ? { observer: options.observer } : {}),
      recoverRegistry,
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
    return {
      config,
      provider,
      artifact,
      registryAddress,
      journal,
      issuer,
      bulk,
      pdf,
      offices,
      demoToken,
      fees,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
