/**
 * The local development chain: a Hardhat child process (`local-node-main.ts`) bound to
 * 127.0.0.1. It keeps no state on disk; on a fresh chain the service redeploys its registry and
 * replays its journal (see `replay.ts`).
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { openSync, closeSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SceauError } from "../../core/errors.ts";

export interface LocalNode {
  readonly url: string;
  /** False when a chain was already listening on the port and was reused. */
  readonly owned: boolean;
  stop(): Promise<void>;
}

/** The chain id a JSON-RPC endpoint reports, or null when nothing answers. */
export async function probeChainId(url: string, timeoutMs = 1000): Promise<number | null> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json()) as { result?: string };
    return typeof body.result === "string" ? Number(BigInt(body.result)) : null;
  } catch {
    return null;
  }
}

/**
 * Starts a Hardhat chain on 127.0.0.1:`port` (or reuses a chain of `chainId` already there) and
 * waits until it answers. `genesisTime` (Unix seconds) sets the time of a new chain's first
 * block.
 * @throws {SceauError} `CHAIN_UNAVAILABLE` when it does not come up in time, `CONFIG_INVALID`
 * when the port is held by another chain
 */
export async function startLocalNode(options: {
  port: number;
  chainId: number;
  logFile: string;
  cwd: string;
  timeoutMs?: number;
  genesisTime?: number;
}): Promise<LocalNode> {
  const url = `http://127.0.0.1:${options.port}`;
  const existing = await probeChainId(url);
  if (existing !== null) {
    if (existing !== options.chainId) {
      throw new SceauError(
        "CONFIG_INVALID",
        `Port ${options.port} serves chain ${existing}, not ${options.chainId}.`,
      );
    }
    return { url, owned: false, stop: () => Promise.resolve() };
  }
  const main = fileURLToPath(new URL("./local-node-main.ts", import.meta.url));
  const out = openSync(options.logFile, "a");
  const child: ChildProcess = spawn(
    process.execPath,
    [
      main,
      String(options.port),
      String(options.chainId),
      ...(options.genesisTime === undefined ? [] : [String(Math.floor(options.genesisTime))]),
    ],
    {
      cwd: options.cwd,
      stdio: ["ignore", out, out],
      env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" },
    },
  );
  closeSync(out);
  const state = { exited: false };
  child.once("exit", () => {
    state.exited = true;
  });
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (state.exited)
      throw new SceauError("CHAIN_UNAVAILABLE", `The local chain exited early; see ${options.logFile}.`);
    if ((await probeChainId(url, 500)) === options.chainId) {
      return {
        url,
        owned: true,
        stop: () =>
          new Promise<void>((resolve) => {
            if (state.exited) {
              resolve();
              return;
            }
            child.once("exit", () => {
              resolve();
            });
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 5000).unref();
          }),
      };
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill("SIGKILL");
  throw new SceauError(
    "CHAIN_UNAVAILABLE",
    `The local chain did not answer within the start-up time; see ${options.logFile}.`,
  );
}
