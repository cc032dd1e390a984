/**
 * Sending a transaction on a fee market, one at a time per account, so that it lands exactly
 * once and never costs more than the cap.
 *
 * - Fees are EIP-1559: the tip from the node's estimate, `maxFeePerGas` twice the next block's
 *   base fee plus the tip, never above the cap (`SCEAU_MAX_FEE_GWEI`). When the next block's base
 *   fee is at or above the cap nothing is signed: the caller waits (see {@link FeeGate}).
 * - Every signed version is handed to `onSigned` (the journal) before it is sent, so a restart
 *   resumes the same transaction (`resume`) instead of signing a new one.
 * - A version not included after `replaceAfterMs` is replaced: the same nonce, both fees raised by
 *   at least 12.5 % (what nodes require), within the cap. One nonce: two versions can never both
 *   be included.
 * - A version the node no longer knows (dropped from its mempool) is sent again, the same bytes.
 * - When the nonce is taken by none of the versions, the transaction is lost (`isTxLost` in `core/errors.ts`):
 *   the caller asks the chain what happened and sends anew if it must.
 * @module
 */
import { Transaction, type JsonRpcProvider, type TransactionReceipt, type Wallet } from "ethers";
import { SceauError, isSceauError } from "../core/errors.ts";
import type { Logger } from "../core/log.ts";
import type { SendHooks, SignedTx } from "../issuer/ports.ts";

export interface FeePolicy {
  /** Cap on `maxFeePerGas`, in wei. */
  readonly maxFeePerGas: bigint;
  /** A version not included after this long is replaced. */
  readonly replaceAfterMs: number;
  /** Milliseconds between looks at the chain while waiting for inclusion. */
  readonly pollMs: number;
}

/** Whether sending waits for the base fee to fall: what `/readyz` and the metrics show. */
export class FeeGate {
  /** The next block's base fee and the cap, in wei, while the base fee is above the cap. */
  capped: { readonly baseFee: bigint; readonly cap: bigint } | null = null;
}

/** Counts what the sender had to do, for metrics. */
export interface SenderObserver {
  txReplaced(): void;
  txResent(): void;
}

const GWEI = 1_000_000_000n;

export class TxSender {
  readonly gate: FeeGate;
  private readonly wallet: Wallet;
  private readonly provider: JsonRpcProvider;
  private readonly policy: FeePolicy;
  private readonly log: Logger;
  private readonly observer: SenderObserver | undefined;

  constructor(
    wallet: Wallet,
    provider: JsonRpcProvider,
    policy: FeePolicy,
    options: { readonly log: Logger; readonly gate?: FeeGate; readonly observer?: SenderObserver },
  ) {
    this.wallet = wallet;
    this.provider = provider;
    this.policy = policy;
    this.log = options.log;
    this.gate = options.gate ?? new FeeGate();
    this.observer = options.observer;
  }

  /**
   * Sends a call of `to` with `data` (or resumes `hooks.resume`) and resolves with its receipt
   * once one version is included.
   * @throws {SceauError} `CHAIN_UNAVAILABLE` while the base fee is above the cap (nothing was
   * signed), or when the transaction is lost (`isTxLost` in `core/errors.ts`); `CHAIN_REVERTED` when it would
   * revert or did
   */
  async send(to: string, data: string, hooks: SendHooks): Promise<TransactionReceipt> {
    const versions: SignedTx[] = [...(hooks.resume ?? [])];
    const resumed = versions[versions.length - 1];
    if (resumed) {
      const done = await this.receiptOf(versions);
      if (done) return done;
      await this.assertNonceOpen(versions);
      await this.broadcast(resumed.raw);
    } else {
      const gas = await this.provider.estimateGas({ from: this.wallet.address, to, data });
      const fees = await this.fees();
      const nonce = await this.provider.getTransactionCount(this.wallet.address, "pending");
      const first = await this.sign({ to, data, nonce, gasLimit: (gas * 12n) / 10n + 10_000n, ...fees });
      hooks.onSigned?.(first);
      versions.push(first);
      await this.broadcast(first.raw);
    }
    hooks.onSent?.((versions[versions.length - 1] as SignedTx).hash);
    let sentAt = Date.now();
    for (let look = 0; ; look++) {
      if (hooks.stopped?.())
        throw new SceauError("CHAIN_UNAVAILABLE", "Stopped while waiting for inclusion.");
      // At once the first time (a chain that mines on arrival has the receipt already).
      if (look > 0) await new Promise((r) => setTimeout(r, this.policy.pollMs));
      const done = await this.receiptOf(versions);
      if (done) return done;
      await this.assertNonceOpen(versions);
      const newest = versions[versions.length - 1] as SignedTx;
      if (Date.now() - sentAt >= this.policy.replaceAfterMs) {
        sentAt = Date.now();
        const replacement = await this.replacement(newest);
        if (replacement) {
          hooks.onSigned?.(replacement);
          versions.push(replacement);
          await this.broadcast(replacement.raw);
          hooks.onSent?.(replacement.hash);
          this.observer?.txReplaced();
          this.log("info", "Transaction replaced with a higher fee.", {
            nonce: newest.nonce,
            txHash: replacement.hash,
            replaces: newest.hash,
            maxFeeGwei: gwei(replacement.maxFeePerGas),
          });
        }
      } else if ((await this.provider.getTransaction(newest.hash)) === null) {
        this.log("warn", "A transaction was dropped from the mempool; sending it again.", {
          nonce: newest.nonce,
          txHash: newest.hash,
        });
        this.observer?.txResent();
        await this.broadcast(newest.raw);
      }
    }
  }

  /**
   * Fees for the next block, or `CHAIN_UNAVAILABLE` while its base fee is at or above the cap.
   * The pending block's base fee is read, not the fee history (which lags by a block).
   */
  private async fees(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
    const cap = this.policy.maxFeePerGas;
    const baseFee = await this.nextBaseFee();
    if (baseFee >= cap) {
      if (this.gate.capped === null) {
        this.log("warn", "The base fee is above SCEAU_MAX_FEE_GWEI; anchoring waits.", {
          baseFeeGwei: gwei(baseFee),
          capGwei: gwei(cap),
        });
      }
      this.gate.capped = { baseFee, cap };
      throw new SceauError(
        "CHAIN_UNAVAILABLE",
        "The base fee is above SCEAU_MAX_FEE_GWEI; anchoring waits.",
        {
          details: { reason: "fee-cap", baseFeeGwei: gwei(baseFee), capGwei: gwei(cap) },
        },
      );
    }
    if (this.gate.capped !== null)
      this.log("info", "The base fee is below the cap again; anchoring resumes.");
    this.gate.capped = null;
    let tip: bigint;
    try {
      tip = BigInt(String(await this.provider.send("eth_maxPriorityFeePerGas", [])));
    } catch {
      tip = GWEI;
    }
    const maxFeePerGas = min(cap, 2n * baseFee + tip);
    return { maxFeePerGas, maxPriorityFeePerGas: min(tip, maxFeePerGas - baseFee) };
  }

  /**
   * The pending block's base fee, read raw: some nodes (Hardhat) give the pending block without a
   * number, which ethers' block parser refuses; the latest block's when there is no pending one.
   */
  private async nextBaseFee(): Promise<bigint> {
    for (const tag of ["pending", "latest"]) {
      const block = (await this.provider.send("eth_getBlockByNumber", [tag, false])) as {
        baseFeePerGas?: unknown;
      } | null;
      if (typeof block?.baseFeePerGas === "string") return BigInt(block.baseFeePerGas);
    }
    return 0n;
  }

  /** The next version of `tx`: both fees raised by at least 12.5 %; null when that is above the cap. */
  private async replacement(tx: SignedTx): Promise<SignedTx | null> {
    const bump = (v: bigint): bigint => (v * 1125n + 999n) / 1000n + 1n;
    let current = { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n };
    try {
      current = await this.fees();
    } catch (e) {
      if (!isSceauError(e, "CHAIN_UNAVAILABLE")) throw e;
    }
    const maxFeePerGas = max(bump(tx.maxFeePerGas), current.maxFeePerGas);
    const maxPriorityFeePerGas = min(
      max(bump(tx.maxPriorityFeePerGas), current.maxPriorityFeePerGas),
      maxFeePerGas,
    );
    if (maxFeePerGas > this.policy.maxFeePerGas) {
      this.log("warn", "A transaction waits for inclusion; replacing it would exceed SCEAU_MAX_FEE_GWEI.", {
        nonce: tx.nonce,
        txHash: tx.hash,
      });
      return null;
    }
    const old = Transaction.from(tx.raw);
    return this.sign({
      to: old.to ?? "",
      data: old.data,
      nonce: tx.nonce,
      gasLimit: old.gasLimit,
      maxFeePerGas,
      maxPriorityFeePerGas,
    });
  }

  private async sign(t: {
    to: string;
    data: string;
    nonce: number;
    gasLimit: bigint;
    maxFeePerGas: bigint;
    maxPriorityFeePerGas: bigint;
  }): Promise<SignedTx> {
    const chainId = (await this.provider.getNetwork()).chainId;
    const raw = await this.wallet.signTransaction({ type: 2, chainId, ...t });
    return {
      hash: Transaction.from(raw).hash ?? "",
      account: this.wallet.address,
      nonce: t.nonce,
      raw,
      maxFeePerGas: t.maxFeePerGas,
      maxPriorityFeePerGas: t.maxPriorityFeePerGas,
    };
  }

  /** Sends signed bytes; a node that knows them already, or has included them, is no error. */
  private async broadcast(raw: string): Promise<void> {
    try {
      await this.provider.send("eth_sendRawTransaction", [raw]);
    } catch (e) {
      const text = String((e as { message?: unknown }).message ?? e).toLowerCase();
      if (
        /already known|known transaction|already imported|nonce too low|replacement transaction underpriced/.test(
          text,
        )
      ) {
        return;
      }
      throw e;
    }
  }

  private async receiptOf(versions: readonly SignedTx[]): Promise<TransactionReceipt | null> {
    for (const v of versions) {
      const receipt = await this.provider.getTransactionReceipt(v.hash);
      if (receipt) {
        if (receipt.status === 0) {
          throw new SceauError("CHAIN_REVERTED", `Transaction ${v.hash} reverted on chain.`);
        }
        return receipt;
      }
    }
    return null;
  }

  /** Throws the lost error when the versions' nonce is not the account's next and none is included. */
  private async assertNonceOpen(versions: readonly SignedTx[]): Promise<void> {
    const first = versions[0];
    if (!first) return;
    const latest = await this.provider.getTransactionCount(first.account, "latest");
    // The account's next nonce is this one: it can still land. One transaction at a time per
    // account, so a nonce beyond the next one is a gap that never fills (a fresh development
    // chain replayed with fewer transactions): as lost as a nonce already taken.
    if (latest === first.nonce) return;
    // Included between the two reads?
    if (await this.receiptOf(versions)) return;
    throw new SceauError("CHAIN_UNAVAILABLE", `Nonce ${first.nonce} is not the account's next (${latest}).`, {
      details: { lost: true, nonce: first.nonce },
    });
  }
}

function gwei(wei: bigint): string {
  const whole = wei / GWEI;
  const fraction = (wei % GWEI).toString().padStart(9, "0").replace(/0+$/, "");
  return fraction === "" ? whole.toString() : `${whole}.${fraction}`;
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
