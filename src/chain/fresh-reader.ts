/**
 * Chain reads for verification, shared between concurrent verifications without ever answering
 * from the past.
 *
 * The registry's state changes only with a new block. So a verification reads the chain's head
 * (number and hash): when the head is the block a seal's status was read at, that status is
 * still the chain's, and no `eth_call` is needed. The head read itself is shared, under one
 * rule: a caller is only ever answered by a head read that **started after it asked**. Callers
 * arriving while a read is in flight wait for the next one, which starts as soon as that read
 * ends and serves all of them. Under load this costs one head read per round trip to the node,
 * however many verifications arrive meanwhile, and every verdict still rests on a read of the
 * chain made during its own request: when the chain cannot be read, no verification can end
 * in anything but `unavailable`.
 *
 * A new head (number or hash: a reorganisation at the same height counts) drops every cached
 * status, so a revocation is seen by the first verification after the block that records it.
 * @module
 */
import type { JsonRpcApiProvider } from "ethers";
import { toHex } from "../core/bytes.ts";
import type { RevokedLeaf } from "../core/chain.ts";
import { SceauError } from "../core/errors.ts";
import type { RegistryClient, SealStatus } from "./registry.ts";

export interface ChainHead {
  readonly number: number;
  readonly hash: string;
}

/** Most statuses kept for one head; beyond it the oldest are dropped. */
const MAX_CACHED = 50_000;

/** Reads the head of the chain behind `provider`, coalescing callers as described above. */
export class HeadReader {
  private readonly read: () => Promise<ChainHead>;
  private inflight: Promise<ChainHead> | null = null;
  private next: Promise<ChainHead> | null = null;

  constructor(read: () => Promise<ChainHead>) {
    this.read = read;
  }

  /** The head from a read that started after this call. */
  fresh(): Promise<ChainHead> {
    if (!this.inflight) return this.start();
    // The read in flight began before this call: wait for the next one.
    this.next ??= this.inflight.then(
      () => this.start(),
      () => this.start(),
    );
    return this.next;
  }

  private start(): Promise<ChainHead> {
    this.next = null;
    const p = this.read();
    this.inflight = p;
    const clear = (): void => {
      if (this.inflight === p) this.inflight = null;
    };
    p.then(clear, clear);
    return p;
  }
}

/** The head of the chain behind `provider`: `eth_getBlockByNumber("latest")`'s number and hash. */
export function headOf(provider: JsonRpcApiProvider): () => Promise<ChainHead> {
  return async () => {
    let block: unknown;
    try {
      block = await provider.send("eth_getBlockByNumber", ["latest", false]);
    } catch (e) {
      throw new SceauError("CHAIN_UNAVAILABLE", "Reading the chain's head: the node did not answer.", {
        cause: e,
      });
    }
    const b = block as { number?: unknown; hash?: unknown } | null;
    if (typeof b?.number !== "string" || typeof b.hash !== "string") {
      throw new SceauError("CHAIN_UNAVAILABLE", "Reading the chain's head: the node's answer has no block.");
    }
    return { number: Number(BigInt(b.number)), hash: b.hash };
  };
}

/**
 * `sealStatus` of one registry as of the chain's current head: read once per head for each root
 * and leaf, however many verifications ask.
 */
export class FreshStatusReader {
  private readonly head: HeadReader;
  private readonly client: RegistryClient;
  private cachedHead: ChainHead | null = null;
  private readonly statuses = new Map<string, Promise<SealStatus>>();
  private readonly revocations = new Map<string, Promise<RevokedLeaf[]>>();

  constructor(head: HeadReader, client: RegistryClient) {
    this.head = head;
    this.client = client;
  }

  /** @throws {SceauError} `CHAIN_UNAVAILABLE` (or `REGISTRY_MISSING`) when the chain cannot answer */
  async sealStatus(root: Uint8Array, leaf: Uint8Array): Promise<SealStatus> {
    const head = await this.freshHead();
    return cached(this.statuses, `${toHex(root)}${toHex(leaf)}`, () =>
      this.client.sealStatus(root, leaf, head.number),
    );
  }

  /**
   * The leaves revoked under `root` as of the chain's current head, read once per head.
   * @throws {SceauError} `CHAIN_UNAVAILABLE` (or `REGISTRY_MISSING`) when the chain cannot answer
   */
  async revokedLeaves(root: Uint8Array): Promise<RevokedLeaf[]> {
    const head = await this.freshHead();
    return cached(this.revocations, toHex(root), () => this.client.revokedLeaves(root, head.number));
  }

  private async freshHead(): Promise<ChainHead> {
    const head = await this.head.fresh();
    // Every answer kept was read at `cachedHead`; any other head makes them all stale.
    if (this.cachedHead?.hash !== head.hash) {
      this.statuses.clear();
      this.revocations.clear();
      this.cachedHead = head;
    }
    return head;
  }
}

/** The read kept under `key`, or a new one (at most {@link MAX_CACHED}; failed reads are not kept). */
function cached<T>(map: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let answer = map.get(key);
  if (!answer) {
    answer = read();
    if (map.size >= MAX_CACHED) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    map.set(key, answer);
    // A failed read is not kept: the next verification asks the chain again.
    answer.catch(() => {
      if (map.get(key) === answer) map.delete(key);
    });
  }
  return answer;
}
