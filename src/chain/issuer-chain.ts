/**
 * The issuer's chain port over the registry: anchoring signs as the issuer account (through the
 * fee-market sender, `sender.ts`), revoking as the revoker account. A receipt counts only when it
 * holds the registry's own event for every root or leaf: a transaction to an address without the
 * contract (a fresh chain) succeeds without doing anything, and must never be taken for an
 * anchoring.
 * @module
 */
import { getAddress, type Log, type Provider, type TransactionReceipt } from "ethers";
import { fromHex, toHex } from "../core/bytes.ts";
import type { ChainReceipt } from "../core/chain.ts";
import { SceauError } from "../core/errors.ts";
import type { ChainPort, RegistryEvent } from "../issuer/ports.ts";
import { toChainError } from "./errors.ts";
import { DEFAULT_LOG_WINDOWS, allLogs, type LogWindows } from "./logs.ts";
import type { RegistryClient, TxResult } from "./registry.ts";
import type { TxSender } from "./sender.ts";

export function createIssuerChain(clients: {
  readonly issuer: RegistryClient;
  readonly revoker: RegistryClient;
  /** Sends the issuer's anchoring transactions; the registry client's own send without it. */
  readonly sender?: TxSender;
  /** The chain, for inclusion and confirmations. */
  readonly provider: Provider;
  /** Windows of the compromise watch's event searches. */
  readonly windows?: LogWindows;
  /**
   * Offices with their own issuer key, and the office of a root (from the journal): a root of
   * such an office is anchored with its key only (its own sender, else its registry client), so
   * a stolen key of one office never anchors another's roots. The wiring then anchors one root
   * per transaction.
   */
  readonly offices?: {
    readonly issuers: ReadonlyMap<string, RegistryClient>;
    readonly senders?: ReadonlyMap<string, TxSender>;
    readonly officeOfRoot: (root: Uint8Array) => string | null;
  };
}): ChainPort {
  const { issuer, revoker, sender, provider, offices } = clients;
  const windows = clients.windows ?? DEFAULT_LOG_WINDOWS;
  const watched = ["RootAnchored", "RoleGranted", "RoleRevoked", "IssuerWithdrawn"].map(
    (name) => issuer.iface.getEvent(name)?.topicHash ?? "",
  );
  const toEvent = (log: Log): RegistryEvent | null => {
    const parsed = issuer.iface.parseLog(log);
    if (!parsed) return null;
    const at = { txHash: log.transactionHash, blockNumber: log.blockNumber };
    if (parsed.name === "RootAnchored") {
      return {
        kind: "anchored",
        root: fromHex(String(parsed.args[0]), 32),
        account: getAddress(String(parsed.args[1])),
        ...at,
      };
    }
    if (parsed.name === "IssuerWithdrawn") {
      return {
        kind: "withdrawn",
        account: getAddress(String(parsed.args[0])),
        withdrawer: getAddress(String(parsed.args[1])),
        from: Number(parsed.args[2]),
        ...at,
      };
    }
    return {
      kind: "role",
      granted: parsed.name === "RoleGranted",
      role: String(parsed.args[0]),
      account: getAddress(String(parsed.args[1])),
      sender: getAddress(String(parsed.args[2])),
      ...at,
    };
  };
  const anchorWithSender = async (
    s: TxSender,
    roots: readonly Uint8Array[],
    hooks: Parameters<ChainPort["anchorRoots"]>[1],
  ): Promise<ChainReceipt> => {
    const data =
      roots.length === 1
        ? issuer.iface.encodeFunctionData("anchor", [toHex(roots[0] as Uint8Array)])
        : issuer.iface.encodeFunctionData("anchorRoots", [roots.map(toHex)]);
    let receipt: TransactionReceipt;
    let timestamp: number;
    try {
      receipt = await s.send(issuer.address, data, hooks);
      timestamp = (await provider.getBlock(receipt.blockHash))?.timestamp ?? 0;
    } catch (e) {
      throw toChainError(e, issuer.iface, roots.length === 1 ? "Anchoring a root" : "Anchoring roots");
    }
    let found = 0;
    for (const log of receipt.logs) {
      if (getAddress(log.address) !== issuer.address) continue;
      if (issuer.iface.parseLog(log)?.name === "RootAnchored") found++;
    }
    if (found !== roots.length) {
      throw new SceauError(
        "REGISTRY_MISSING",
        `Transaction ${receipt.hash} emitted ${found} RootAnchored events instead of ${roots.length}: no registry answers at its address.`,
      );
    }
    return {
      txHash: receipt.hash,
      blockNumber: receipt.blockNumber,
      blockHash: receipt.blockHash,
      timestamp,
    };
  };
  /** The office with its own key whose roots these are; null: the service's issuer key. */
  const ownKeyOffice = (roots: readonly Uint8Array[]): string | null => {
    if (!offices || offices.issuers.size === 0) return null;
    const names = new Set(roots.map((r) => offices.officeOfRoot(r)));
    if (names.size !== 1) {
      throw new SceauError("INTERNAL", "Roots of several offices in one anchoring transaction.");
    }
    const [name] = [...names];
    return name && offices.issuers.has(name) ? name : null;
  };
  const anchor = async (
    roots: readonly Uint8Array[],
    hooks: Parameters<ChainPort["anchorRoots"]>[1],
  ): Promise<ChainReceipt> => {
    const office = ownKeyOffice(roots);
    if (office !== null) {
      const own = offices?.senders?.get(office);
      if (own) return anchorWithSender(own, roots, hooks);
      const client = offices?.issuers.get(office) as RegistryClient;
      return expectEvents(await client.anchorRoots(roots, hooks), "RootAnchored", roots.length);
    }
    return sender
      ? anchorWithSender(sender, roots, hooks)
      : expectEvents(await issuer.anchorRoots(roots, hooks), "RootAnchored", roots.length);
  };
  return {
    rootInfo: (root) => issuer.rootInfo(root),
    leafRevokedAt: async (leaf) => (await issuer.leafRevocation(leaf)).revokedAt,
    anchorRoots: anchor,
    revokeRoot: async (root, reason, hooks) =>
      expectEvents(await revoker.revokeRoot(root, reason, hooks), "RootRevoked", 1),
    revokeLeaf: async (root, leaf, reason, hooks) =>
      expectEvents(await revoker.revokeLeaf(root, leaf, reason, hooks), "LeafRevoked", 1),
    inclusion: async (txHash) => {
      try {
        const receipt = await provider.getTransactionReceipt(txHash);
        if (!receipt) return null;
        const [head, block] = await Promise.all([
          provider.getBlockNumber(),
          provider.getBlock(receipt.blockHash),
        ]);
        // A block the node no longer has: the receipt was of a block being replaced.
        if (!block) return null;
        return {
          txHash,
          blockNumber: receipt.blockNumber,
          blockHash: receipt.blockHash,
          timestamp: block.timestamp,
          confirmations: Math.max(0, head - receipt.blockNumber + 1),
        };
      } catch (e) {
        throw toChainError(e, issuer.iface, "Reading a transaction's inclusion");
      }
    },
    registryEvents: async (fromBlock) => {
      try {
        const head = await provider.getBlockNumber();
        if (fromBlock === null || fromBlock > head) return { head, events: [] };
        const logs = await allLogs(
          (from, to) =>
            provider.getLogs({ address: issuer.address, topics: [watched], fromBlock: from, toBlock: to }),
          head,
          { fromBlock, range: windows.range },
        );
        return { head, events: logs.map(toEvent).filter((e): e is RegistryEvent => e !== null) };
      } catch (e) {
        throw toChainError(e, issuer.iface, "Reading the registry's events");
      }
    },
    findAnchoring: (root) => issuer.findEvent("RootAnchored", root),
    findRevocation: (root, leaf) =>
      leaf ? issuer.findEvent("LeafRevoked", root, leaf) : issuer.findEvent("RootRevoked", root),
  };
}

function expectEvents(tx: TxResult, name: string, count: number): ChainReceipt {
  const found = tx.events.filter((e) => e === name).length;
  if (found !== count) {
    throw new SceauError(
      "REGISTRY_MISSING",
      `Transaction ${tx.txHash} emitted ${found} ${name} events instead of ${count}: no registry answers at its address.`,
    );
  }
  return { txHash: tx.txHash, blockNumber: tx.blockNumber, timestamp: tx.timestamp };
}
