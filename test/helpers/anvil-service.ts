/**
 * The whole service (`startService`, as `src/wiring/service.ts` wires it) on a real anvil node:
 * the registry deployed by the development admin, the service configured with `SCEAU_RPC_URL`
 * (optionally through fault proxies), with its own temporary data directory, and small helpers
 * to issue through the HTTP API and to verify.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Wallet } from "ethers";
import { loadRegistryArtifact } from "../../src/chain/artifact.ts";
import { createProvider } from "../../src/chain/provider.ts";
import { deployRegistry } from "../../src/chain/registry.ts";
import { DEV_KEYS } from "../../src/chain/dev/keys.ts";
import { loadConfig } from "../../src/config.ts";
import { startService, type RunningService } from "../../src/wiring/service.ts";
import { PERSON_EXTRACT, clone } from "../fixtures/extracts.ts";
import type { Anvil } from "./anvil.ts";

type Json = Record<string, any>;

/** Deploys the registry on `anvil` as the development admin; returns its address and block. */
export async function deployOnAnvil(anvil: Anvil): Promise<{ address: string; blockNumber: number }> {
  const provider = createProvider(anvil.url, anvil.chainId, { timeoutMs: 10_000 });
  try {
    const admin = new Wallet(DEV_KEYS.admin, provider);
    const r = await deployRegistry(loadRegistryArtifact(), admin, admin.address);
    return { address: r.address, blockNumber: r.blockNumber };
  } finally {
    provider.destroy();
  }
}

export interface AnvilService {
  readonly service: RunningService;
  readonly base: string;
  readonly auth: Record<string, string>;
  readonly dataDir: string;
  /** Posts an extract with a fresh reference; `wait` adds `?wait=true`. */
  issue(wait?: boolean): Promise<{ status: number; body: Json }>;
  get(path: string): Promise<Json>;
  /** Polls an extract until its state is `state`. */
  waitState(id: string, state: string, timeoutMs?: number): Promise<Json>;
  close(): Promise<void>;
}

let references = 0;

/** The service on `rpcUrls` (comma-joined into SCEAU_RPC_URL) for the registry at `registry`. */
export async function startAnvilService(
  rpcUrls: readonly string[],
  registry: string,
  env: Record<string, string> = {},
): Promise<AnvilService> {
  const dataDir = env.SCEAU_DATA_DIR ?? mkdtempSync(join(tmpdir(), "sceau-anvil-"));
  const config = loadConfig({
    SCEAU_PORT: "0",
    SCEAU_DATA_DIR: dataDir,
    SCEAU_RPC_URL: rpcUrls.join(","),
    SCEAU_REGISTRY_ADDRESS: registry,
    SCEAU_ADMIN_KEY: DEV_KEYS.admin,
    SCEAU_ISSUER_KEY: DEV_KEYS.issuer,
    SCEAU_REVOKER_KEY: DEV_KEYS.revoker,
    SCEAU_RPC_TIMEOUT_MS: "2000",
    SCEAU_BATCH_WAIT_MS: "50",
    SCEAU_RETRY_INITIAL_MS: "100",
    SCEAU_RETRY_MAX_MS: "500",
    SCEAU_PDF_THREADS: "1",
    SCEAU_LOG_LEVEL: "silent",
    SCEAU_RATE_VERIFY_PER_MINUTE: "0",
    SCEAU_RATE_ISSUE_PER_MINUTE: "0",
    ...env,
  });
  const service = await startService(config);
  const base = service.url;
  const auth = { authorization: `Bearer ${service.demoToken ?? ""}` };
  const get = async (path: string): Promise<Json> =>
    (await (await fetch(`${base}${path}`, { headers: auth })).json()) as Json;
  return {
    service,
    base,
    auth,
    dataDir,
    issue: async (wait = false) => {
      const res = await fetch(`${base}/api/v1/extracts${wait ? "?wait=true" : ""}`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ ...clone(PERSON_EXTRACT), reference: `ANVIL-${process.pid}-${++references}` }),
      });
      return { status: res.status, body: (await res.json()) as Json };
    },
    get,
    waitState: async (id, state, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = await get(`/api/v1/extracts/${id}`);
        if (s.state === state) return s;
        if (Date.now() > deadline) throw new Error(`extract ${id} is ${String(s.state)}, not ${state}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () => service.close(),
  };
}
