/**
 * End-to-end harness: an in-process Hardhat JSON-RPC server on 127.0.0.1 (a random port), the
 * registry deployed by the development admin, and the whole service started by `startService`
 * exactly as `src/wiring/service.ts` wires it, with its own temporary data directory.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { Wallet } from "ethers";
import { loadRegistryArtifact } from "../../src/chain/artifact.ts";
import { createProvider } from "../../src/chain/provider.ts";
import { deployRegistry } from "../../src/chain/registry.ts";
import { loadConfig } from "../../src/config.ts";
import { DEV_KEYS } from "../../src/chain/dev/keys.ts";
import { startService, type RunningService, type ServiceOptions } from "../../src/wiring/service.ts";
import { startChainProxy, type ChainProxy } from "./chain-proxy.ts";

export interface E2E {
  readonly service: RunningService;
  /** The chain's own URL (the service may reach it through {@link E2E.proxy}). */
  readonly rpcUrl: string;
  /** The fault proxy between the service and the chain, when asked for. */
  readonly proxy: ChainProxy | null;
  readonly token: string;
  /** Stops the chain server (the service keeps running). */
  stopChain(): Promise<void>;
  close(): Promise<void>;
}

export interface E2EOptions extends ServiceOptions {
  /** Put a fault proxy (test/helpers/chain-proxy.ts) between the service and the chain. */
  readonly viaProxy?: boolean;
}

export async function startE2E(env: Record<string, string> = {}, options: E2EOptions = {}): Promise<E2E> {
  const server = await network.createServer("default", "127.0.0.1", 0);
  const { address, port } = await server.listen();
  const rpcUrl = `http://${address}:${port}`;
  const provider = createProvider(rpcUrl, 31337, { timeoutMs: 5000 });
  const admin = new Wallet(DEV_KEYS.admin, provider);
  const { address: registry } = await deployRegistry(loadRegistryArtifact(), admin, admin.address);
  provider.destroy();
  const proxy = options.viaProxy ? await startChainProxy(rpcUrl) : null;
  const config = loadConfig({
    SCEAU_PORT: "0",
    SCEAU_DATA_DIR: mkdtempSync(join(tmpdir(), "sceau-e2e-")),
    SCEAU_RPC_URL: proxy?.url ?? rpcUrl,
    SCEAU_REGISTRY_ADDRESS: registry,
    SCEAU_ADMIN_KEY: DEV_KEYS.admin,
    SCEAU_ISSUER_KEY: DEV_KEYS.issuer,
    SCEAU_REVOKER_KEY: DEV_KEYS.revoker,
    SCEAU_RPC_TIMEOUT_MS: "1500",
    SCEAU_BATCH_WAIT_MS: "50",
    SCEAU_LOG_LEVEL: "warn",
    // Rate limits are tested on their own (test/ops); here they would only cap the tests' pace.
    SCEAU_RATE_VERIFY_PER_MINUTE: "0",
    SCEAU_RATE_ISSUE_PER_MINUTE: "0",
    ...env,
  });
  const { viaProxy: _viaProxy, ...startOptions } = options;
  const service = await startService(config, startOptions);
  let chainStopped = false;
  const stopChain = async (): Promise<void> => {
    if (chainStopped) return;
    chainStopped = true;
    await server.close();
  };
  return {
    service,
    rpcUrl,
    proxy,
    token: service.demoToken ?? "",
    stopChain,
    close: async () => {
      await service.close();
      await proxy?.close();
      await stopChain();
    },
  };
}
