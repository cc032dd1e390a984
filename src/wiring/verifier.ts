/**
 * The one way to build a verifier from the configuration, used by the service and by
 * `sceau verify`: both read every trusted registry through a fresh-head status reader, with the
 * same limits, so the command line answers exactly as the service does.
 * @module
 */
import { getAddress, type JsonRpcProvider } from "ethers";
import { loadRegistryArtifact, type RegistryArtifact } from "../chain/artifact.ts";
import { FreshStatusReader, HeadReader, headOf } from "../chain/fresh-reader.ts";
import { createProvider } from "../chain/provider.ts";
import { RegistryClient } from "../chain/registry.ts";
import type { Config } from "../config.ts";
import type { HashFunction } from "../core/hash.ts";
import { JsQrRunner } from "../qr/jsqr.ts";
import { QrLocator } from "../documents/locator.ts";
import type { TrustedRegistry } from "../verifier/ports.ts";
import { Verifier } from "../verifier/verifier.ts";

/** A connection already open to one chain, to read its registries through (not closed here). */
interface SharedConnection {
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly provider: JsonRpcProvider;
}

interface TrustListOptions {
  /** The compiled registry (default: the build output). */
  readonly artifact?: RegistryArtifact;
  /** The service's own chain connection, shared with the issuer. */
  readonly shared?: SharedConnection;
}

export interface VerifierOptions extends TrustListOptions {
  /** The clock, in milliseconds (default `Date.now`). */
  readonly now?: () => number;
  /** Keccak-256 for seals and proofs (default noble's; the service passes the WebAssembly one). */
  readonly keccak256?: HashFunction;
}

export interface VerifierRuntime {
  readonly verifier: Verifier;
  readonly trustList: readonly TrustedRegistry[];
  /** Closes the connections and threads opened here. */
  readonly close: () => Promise<void>;
}

/**
 * The configured trust list, each registry read through a {@link FreshStatusReader}: one
 * connection and one head reader per chain endpoint, shared by the registries on it.
 */
function createTrustList(
  config: Config,
  options: TrustListOptions = {},
): { trustList: TrustedRegistry[]; close: () => void } {
  const artifact = options.artifact ?? loadRegistryArtifact();
  const connections = new Map<string, { provider: JsonRpcProvider; head: HeadReader; owned: boolean }>();
  const key = (rpcUrl: string, chainId: number): string => `${chainId} ${rpcUrl}`;
  const { shared } = options;
  if (shared) {
    connections.set(key(shared.rpcUrl, shared.chainId), {
      provider: shared.provider,
      head: new HeadReader(headOf(shared.provider)),
      owned: false,
    });
  }
  const trustList = config.trustList.map((t): TrustedRegistry => {
    let connection = connections.get(key(t.rpcUrl, t.chainId));
    if (!connection) {
      const provider = createProvider(t.rpcUrl, t.chainId, { timeoutMs: config.chain.timeoutMs });
      connection = { provider, head: new HeadReader(headOf(provider)), owned: true };
      connections.set(key(t.rpcUrl, t.chainId), connection);
    }
    // The service's own registry is searched from its deployment block; another's from block 0.
    const own = t.chainId === config.chain.chainId && t.address === config.chain.registryAddress;
    const client = new RegistryClient(
      t.address,
      artifact,
      connection.provider,
      own ? config.chain.logs : { fromBlock: 0, range: config.chain.logs.range },
    );
    const statuses = new FreshStatusReader(connection.head, client);
    return {
      chainId: t.chainId,
      address: getAddress(t.address),
      name: t.name,
      verifyUrl: t.verifyUrl,
      offices: t.offices,
      reader: {
        sealStatus: (root, leaf) => statuses.sealStatus(root, leaf),
        revokedLeaves: (root) => statuses.revokedLeaves(root),
        anchorEvent: (root) => client.anchorEvent(root),
      },
    };
  });
  return {
    trustList,
    close: () => {
      for (const c of connections.values()) if (c.owned) c.provider.destroy();
    },
  };
}

/** A verifier wired from the configuration: its trust list, its policy and its decoding limits. */
export function createVerifier(config: Config, options: VerifierOptions = {}): VerifierRuntime {
  const { trustList, close: closeTrustList } = createTrustList(config, options);
  const jsqr = new JsQrRunner();
  const verifier = new Verifier({
    trustList,
    now: options.now ?? Date.now,
    maxAgeDays: config.verify.maxAgeDays,
    minConfirmations: config.verify.minConfirmations,
    // The configured limits: maxPdfPages, maxPixels, timeBudgetMs, the decoding queue.
    documents: new QrLocator(config.verify, jsqr),
    ...(options.keccak256 ? { keccak256: options.keccak256 } : {}),
  });
  return {
    verifier,
    trustList,
    close: async () => {
      closeTrustList();
      await jsqr.close();
    },
  };
}
