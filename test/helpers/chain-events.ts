/** Counting the registry's events on a chain: the ground truth for "anchored exactly once". */
import { id as topicOf } from "ethers";
import { createProvider } from "../../src/chain/provider.ts";

/** How many `RootAnchored` events each root has on the chain at `rpcUrl` (root hex → count). */
export async function rootAnchoredCounts(rpcUrl: string, registry: string): Promise<Map<string, number>> {
  const provider = createProvider(rpcUrl, 31337, { timeoutMs: 10_000 });
  try {
    const logs = await provider.getLogs({
      address: registry,
      topics: [topicOf("RootAnchored(bytes32,address)")],
      fromBlock: 0,
    });
    const counts = new Map<string, number>();
    for (const l of logs) {
      const root = l.topics[1] ?? "";
      counts.set(root, (counts.get(root) ?? 0) + 1);
    }
    return counts;
  } finally {
    provider.destroy();
  }
}
