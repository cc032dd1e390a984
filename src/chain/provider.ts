/**
 * JSON-RPC access to any EVM node.
 * @module
 */
import { FetchRequest, JsonRpcProvider, Network } from "ethers";

export interface ProviderOptions {
  /** Milliseconds before a request counts as unanswered. */
  readonly timeoutMs: number;
  /** Milliseconds between polls while waiting for a receipt. */
  readonly pollingMs?: number;
}

/**
 * A provider for `url` on chain `chainId`.
 *
 * The options matter: ethers' default 250 ms response cache returns stale nonces (the second
 * transaction then fails with "nonce too low"), and its default request batching adds a 10 ms
 * stall to every call. The network is fixed, so a node that is down at start-up is not probed
 * in a retry loop; the first real request fails instead, as `CHAIN_UNAVAILABLE`.
 */
export function createProvider(url: string, chainId: number, options: ProviderOptions): JsonRpcProvider {
  const request = new FetchRequest(url);
  request.timeout = options.timeoutMs;
  const network = Network.from(chainId);
  return new JsonRpcProvider(request, network, {
    staticNetwork: network,
    cacheTimeout: -1,
    batchMaxCount: 1,
    pollingInterval: options.pollingMs ?? 250,
  });
}
