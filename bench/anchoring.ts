/**
 * Anchoring latency on a real network's rhythm: from intake (`POST /api/v1/extracts?wait=true`)
 * to `final`, on anvil with 1-second blocks and SCEAU_MIN_CONFIRMATIONS=3, the service as it
 * runs (fee-market sender, finality watch). One extract at a time, so each closes its batch after
 * SCEAU_BATCH_WAIT_MS. Target: the median at most the batch wait plus 5 seconds.
 */
import type { BenchModule, Row } from "../scripts/bench.ts";
import { startAnvil } from "../test/helpers/anvil.ts";
import { deployOnAnvil, startAnvilService } from "../test/helpers/anvil-service.ts";
import { median } from "./_stats.ts";

const RUNS = 10;
const BATCH_WAIT_MS = 2000;

const bench: BenchModule = {
  name: "anchoring (anvil, 1-second blocks, 3 confirmations)",
  async run(): Promise<Row[]> {
    const anvil = await startAnvil({ blockTime: 1 });
    try {
      const { address } = await deployOnAnvil(anvil);
      const s = await startAnvilService([anvil.url], address, {
        SCEAU_MIN_CONFIRMATIONS: "3",
        SCEAU_BATCH_WAIT_MS: String(BATCH_WAIT_MS),
      });
      try {
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const started = performance.now();
          const r = await s.issue(true);
          if (r.body.state !== "final")
            throw new Error(`extract ${String(r.body.id)} is ${String(r.body.state)}`);
          times.push(performance.now() - started);
        }
        const target = BATCH_WAIT_MS + 5000;
        const m = median(times);
        return [
          {
            figure: "intake to final: median",
            value: Math.round(m),
            unit: "ms",
            note: `${RUNS} extracts one after another; batch wait ${BATCH_WAIT_MS} ms; max ${Math.round(Math.max(...times))} ms`,
            target: `≤ ${target} ms (batch wait + 5 s)`,
            met: m <= target,
          },
        ];
      } finally {
        await s.close();
      }
    } finally {
      await anvil.stop();
    }
  },
};
export default bench;
