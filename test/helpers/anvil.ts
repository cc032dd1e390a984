/**
 * A real anvil node (Foundry, the `@foundry-rs/anvil-linux-amd64` package) as a child process on
 * 127.0.0.1, on a port the system picks (`--port 0`, read back from its "Listening on" line), and
 * a tiny JSON-RPC client for the `anvil_*` / `evm_*` methods a test uses to bend the chain
 * (reorganisations, dropped transactions, base fee, automine).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// Resolved through the package (no exports map, so its package.json is reachable), which also
// tells knip the devDependency is used.
const ANVIL_BIN = join(
  dirname(createRequire(import.meta.url).resolve("@foundry-rs/anvil-linux-amd64/package.json")),
  "bin",
  "anvil",
);

export interface AnvilOptions {
  /** Seconds between blocks (interval mining); without it, a block per transaction (automine). */
  readonly blockTime?: number;
  readonly chainId?: number;
  /** Base fee of the first block, in wei. */
  readonly baseFee?: bigint;
  /** Number of funded accounts of the default mnemonic (10 by default). */
  readonly accounts?: number;
  /** More command-line arguments, as anvil takes them. */
  readonly args?: readonly string[];
}

export interface Anvil {
  readonly url: string;
  readonly port: number;
  readonly chainId: number;
  readonly child: ChildProcess;
  /** One JSON-RPC call; throws on a JSON-RPC error. */
  rpc<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>;
  /** The latest block number. */
  blockNumber(): Promise<number>;
  /** Mines `n` blocks at once (`anvil_mine`). */
  mine(n?: number): Promise<void>;
  /** Stops (SIGKILL) and resolves once the process is gone. */
  stop(): Promise<void>;
}

export async function startAnvil(options: AnvilOptions = {}): Promise<Anvil> {
  const chainId = options.chainId ?? 31337;
  const args = ["--host", "127.0.0.1", "--port", "0", "--chain-id", String(chainId)];
  if (options.blockTime !== undefined) args.push("--block-time", String(options.blockTime));
  if (options.baseFee !== undefined) args.push("--block-base-fee-per-gas", options.baseFee.toString());
  if (options.accounts !== undefined) args.push("--accounts", String(options.accounts));
  args.push(...(options.args ?? []));
  const child = spawn(ANVIL_BIN, args, { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      resolve();
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => {
      reject(new Error(`anvil did not start: ${seen.slice(-500)}`));
    }, 20_000);
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString("utf8");
      const match = /Listening on 127\.0\.0\.1:(\d+)/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        // Keep draining its output so that a full pipe never blocks the node.
        child.stdout.removeListener("data", onData);
        child.stdout.resume();
        resolve(Number(match[1]));
      }
    };
    child.stdout.on("data", onData);
    child.stderr.resume();
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`anvil exited (${String(code)}) before listening: ${seen.slice(-500)}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  let nextId = 1;
  const rpc = async <T>(method: string, params: readonly unknown[] = []): Promise<T> => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
    });
    const body = (await response.json()) as { result?: T; error?: { message?: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message ?? "JSON-RPC error"}`);
    return body.result as T;
  };
  return {
    url,
    port,
    chainId,
    child,
    rpc,
    blockNumber: async () => Number(await rpc<string>("eth_blockNumber")),
    mine: async (n = 1) => {
      await rpc("anvil_mine", [`0x${n.toString(16)}`]);
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
