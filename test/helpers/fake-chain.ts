/**
 * An in-memory chain behind the issuer's chain port, for unit tests: it can be down, hold a
 * receipt back, or "crash" the caller right after a transaction reached it (the chain keeps the
 * transaction, the caller sees an error, as when the process dies between sending and storing).
 */
import { SceauError } from "../../src/core/errors.ts";
import type { ChainReceipt } from "../../src/core/chain.ts";
import type { ChainPort, RootInfo, SendHooks } from "../../src/issuer/ports.ts";

const key = (b: Uint8Array): string => Buffer.from(b).toString("hex");

export class FakeChain implements ChainPort {
  down = false;
  /** Throw after the transaction is on chain: "before" or "after" the hash reaches `onSent`. */
  crash: "before-hash" | "after-hash" | null = null;
  /** When set, receipts wait for this promise. */
  hold: Promise<void> | null = null;
  readonly anchorCalls: string[][] = [];
  readonly revokeCalls: { root: string; leaf: string | null; reason: number }[] = [];
  private block = 0;
  private time = 1_800_000_000;
  private readonly roots = new Map<
    string,
    {
      anchoredAt: number;
      revokedAt: number;
      reason: number;
      receipt: ChainReceipt;
      revocation?: ChainReceipt;
    }
  >();
  private readonly leaves = new Map<string, { revokedAt: number; receipt: ChainReceipt }>();

  /** How many times each root was anchored (always 0 or 1 on a real registry). */
  anchorCount(root: Uint8Array): number {
    return this.anchorCalls.flat().filter((r) => r === key(root)).length;
  }

  isAnchored(root: Uint8Array): boolean {
    return this.roots.has(key(root));
  }

  private up(): void {
    if (this.down) throw new SceauError("CHAIN_UNAVAILABLE", "The fake chain is down.");
  }

  private next(): ChainReceipt {
    this.block++;
    this.time++;
    return {
      txHash: `0x${this.block.toString(16).padStart(64, "0")}`,
      blockNumber: this.block,
      timestamp: this.time,
    };
  }

  private async finish(receipt: ChainReceipt, hooks: SendHooks): Promise<ChainReceipt> {
    if (this.crash === "before-hash") throw new Error("simulated crash before the hash was stored");
    hooks.onSent?.(receipt.txHash);
    if (this.crash === "after-hash") throw new Error("simulated crash before the receipt was stored");
    if (this.hold) await this.hold;
    this.up();
    return receipt;
  }

  rootInfo(root: Uint8Array): Promise<RootInfo> {
    this.up();
    const r = this.roots.get(key(root));
    return Promise.resolve({
      issuer: r ? "0xissuer" : null,
      anchoredAt: r?.anchoredAt ?? 0,
      revokedAt: r?.revokedAt ?? 0,
      reason: r?.reason ?? 0,
    });
  }

  leafRevokedAt(leaf: Uint8Array): Promise<number> {
    this.up();
    return Promise.resolve(this.leaves.get(key(leaf))?.revokedAt ?? 0);
  }

  anchorRoots(roots: readonly Uint8Array[], hooks: SendHooks): Promise<ChainReceipt> {
    this.up();
    for (const r of roots) {
      if (this.roots.has(key(r))) {
        return Promise.reject(new SceauError("CHAIN_REVERTED", "SealRegistryRootAlreadyAnchored"));
      }
    }
    const receipt = this.next();
    for (const r of roots)
      this.roots.set(key(r), { anchoredAt: receipt.timestamp, revokedAt: 0, reason: 0, receipt });
    this.anchorCalls.push(roots.map(key));
    return this.finish(receipt, hooks);
  }

  revokeRoot(root: Uint8Array, reason: number, hooks: SendHooks): Promise<ChainReceipt> {
    this.up();
    const r = this.roots.get(key(root));
    if (!r) return Promise.reject(new SceauError("CHAIN_REVERTED", "SealRegistryRootNotAnchored"));
    if (r.revokedAt) return Promise.reject(new SceauError("CHAIN_REVERTED", "SealRegistryAlreadyRevoked"));
    const receipt = this.next();
    r.revokedAt = receipt.timestamp;
    r.reason = reason;
    r.revocation = receipt;
    this.revokeCalls.push({ root: key(root), leaf: null, reason });
    return this.finish(receipt, hooks);
  }

  revokeLeaf(root: Uint8Array, leaf: Uint8Array, reason: number, hooks: SendHooks): Promise<ChainReceipt> {
    this.up();
    if (this.leaves.has(key(leaf)))
      return Promise.reject(new SceauError("CHAIN_REVERTED", "SealRegistryAlreadyRevoked"));
    const receipt = this.next();
    this.leaves.set(key(leaf), { revokedAt: receipt.timestamp, receipt });
    this.revokeCalls.push({ root: key(root), leaf: key(leaf), reason });
    return this.finish(receipt, hooks);
  }

  findAnchoring(root: Uint8Array): Promise<ChainReceipt | null> {
    this.up();
    return Promise.resolve(this.roots.get(key(root))?.receipt ?? null);
  }

  /** Every anchoring stays where it was included, one confirmation deep (a chain without reorganisations). */
  inclusion(txHash: string): Promise<(ChainReceipt & { confirmations: number }) | null> {
    this.up();
    for (const r of this.roots.values()) {
      if (r.receipt.txHash === txHash) return Promise.resolve({ ...r.receipt, confirmations: 1 });
    }
    return Promise.resolve(null);
  }

  findRevocation(root: Uint8Array, leaf: Uint8Array | null): Promise<ChainReceipt | null> {
    this.up();
    if (leaf) return Promise.resolve(this.leaves.get(key(leaf))?.receipt ?? null);
    return Promise.resolve(this.roots.get(key(root))?.revocation ?? null);
  }
}
