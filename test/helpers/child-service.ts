/**
 * Real processes for crash and CLI tests: a Hardhat JSON-RPC chain in this process (optionally
 * on a given port and with its clock started in the past) with the registry deployed by the
 * development admin, and the service or the CLI as child processes configured to use it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { network } from "hardhat";
import { Wallet } from "ethers";
import { loadRegistryArtifact } from "../../src/chain/artifact.ts";
import { createProvider } from "../../src/chain/provider.ts";
import { deployRegistry } from "../../src/chain/registry.ts";
import { DEV_KEYS, devRegistryAddress } from "../../src/chain/dev/keys.ts";
import { PROJECT_ROOT } from "../../src/paths.ts";

export interface TestChainServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** A chain on 127.0.0.1 (`port` 0: any free port); with `deploy`, the registry is on it. */
export async function startChainServer(
  options: {
    port?: number;
    genesisTime?: number;
    deploy?: boolean;
  } = {},
): Promise<TestChainServer> {
  const server = await network.createServer(
    {
      network: "default",
      ...(options.genesisTime === undefined
        ? {}
        : { override: { initialDate: new Date(options.genesisTime * 1000) } }),
    },
    "127.0.0.1",
    options.port ?? 0,
  );
  const { address, port } = await server.listen();
  const url = `http://${address}:${port}`;
  if (options.deploy ?? true) {
    const provider = createProvider(url, 31337, { timeoutMs: 5000 });
    await deployRegistry(
      loadRegistryArtifact(),
      new Wallet(DEV_KEYS.admin, provider),
      new Wallet(DEV_KEYS.admin).address,
    );
    provider.destroy();
  }
  let closed = false;
  return {
    url,
    port,
    close: async () => {
      if (closed) return;
      closed = true;
      await server.close();
    },
  };
}

/** The environment of a service or CLI using `rpcUrl` with the development keys. */
export function chainEnv(rpcUrl: string, dataDir: string): Record<string, string> {
  return {
    SCEAU_RPC_URL: rpcUrl,
    SCEAU_REGISTRY_ADDRESS: devRegistryAddress(),
    SCEAU_ADMIN_KEY: DEV_KEYS.admin,
    SCEAU_ISSUER_KEY: DEV_KEYS.issuer,
    SCEAU_REVOKER_KEY: DEV_KEYS.revoker,
    SCEAU_DATA_DIR: dataDir,
    SCEAU_PORT: "0",
    SCEAU_RPC_TIMEOUT_MS: "2000",
    SCEAU_LOG_LEVEL: "warn",
    // Rate limits are tested on their own (test/ops); here they would only cap the tests' pace.
    SCEAU_RATE_VERIFY_PER_MINUTE: "0",
    SCEAU_RATE_ISSUE_PER_MINUTE: "0",
  };
}

export interface ChildService {
  readonly child: ChildProcess;
  /** Base URL, or null when the process died before listening. */
  readonly url: string | null;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** Starts `node src/main.ts` and waits until it listens (or dies). */
export async function spawnService(env: Record<string, string>, timeoutMs = 60_000): Promise<ChildService> {
  const child = spawn(process.execPath, ["src/main.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      resolve({ code, signal });
    });
  });
  const deadline = Date.now() + timeoutMs;
  let url: string | null = null;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    const m = /Verification API:\s+(\S+)\/api\/v1\/verify/.exec(out);
    if (m?.[1]) {
      url = m[1];
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  if (url === null && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    throw new Error(`The service did not start in time:\n${err}`);
  }
  return { child, url, exited, stderr: () => err };
}
