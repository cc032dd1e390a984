/**
 * The compromise alarm over a chain port (no node): it watches every issuer account of the
 * service, each office's own key included, and an `IssuerWithdrawn` of one of them; another
 * registry user's anchorings and withdrawals are none of its business.
 */
import { describe, expect, test } from "vitest";
import { CompromiseWatch } from "../../src/issuer/alarm.ts";
import type { ChainPort, JournalPort, RegistryEvent } from "../../src/issuer/ports.ts";

const SERVICE = "0x1000000000000000000000000000000000000001";
const OFFICE = "0x2000000000000000000000000000000000000002";
const STRANGER = "0x3000000000000000000000000000000000000003";
const GOVERNANCE = "0x4000000000000000000000000000000000000004";

async function alarmsOf(events: RegistryEvent[]): Promise<string[]> {
  const served = { count: 0 };
  const chain = {
    registryEvents: (): Promise<{ head: number; events: RegistryEvent[] }> => {
      served.count++;
      return Promise.resolve({ head: 10, events: served.count === 1 ? events : [] });
    },
  } as unknown as ChainPort;
  const journal = { batches: { byRoot: () => null } } as unknown as Pick<JournalPort, "batches">;
  const watch = new CompromiseWatch({
    chain,
    journal,
    issuerAccounts: [SERVICE, OFFICE],
    pollMs: 5,
    now: () => 0,
    log: () => undefined,
  });
  watch.start();
  // Until the watch has read the registry twice: the first answer has been looked at.
  while (served.count < 2) await new Promise((r) => setTimeout(r, 5));
  watch.stop();
  return watch.alarms.latest.map((a) => `${a.kind} ${a.message}`);
}

const at = { txHash: `0x${"ab".repeat(32)}`, blockNumber: 9 };

describe("the compromise alarm's accounts", () => {
  test("a root the journal does not hold, anchored with an office's own key, raises the alarm", async () => {
    const alarms = await alarmsOf([
      { kind: "anchored", root: new Uint8Array(32).fill(1), account: OFFICE, ...at },
      { kind: "anchored", root: new Uint8Array(32).fill(2), account: STRANGER, ...at },
    ]);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatch(/^anchored .*0x2000000000000000000000000000000000000002/);
  });

  test("a withdrawal of one of the service's accounts raises the alarm; another account's does not", async () => {
    const alarms = await alarmsOf([
      { kind: "withdrawn", account: SERVICE, withdrawer: GOVERNANCE, from: 1_700_000_000, ...at },
      { kind: "withdrawn", account: STRANGER, withdrawer: GOVERNANCE, from: 1_700_000_000, ...at },
    ]);
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatch(/^withdrawn .*withdrawn by 0x4000000000000000000000000000000000000004/);
    expect(alarms[0]).toContain("2023-11-14T22:13:20.000Z");
  });
});
