/**
 * The local development chain as a real child process (src/chain/dev/local-node-main.ts, a Hardhat
 * node on 127.0.0.1), so that a test can kill it with SIGKILL and start a fresh one on the same
 * port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { probeChainId } from "../../src/chain/dev/local-node.ts";
import { PROJECT_ROOT } from "../../src/paths.ts";

export interface ChainProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGKILL, and resolves once the process is gone. */
  kill(): Promise<void>;
}

export async function startChainProcess(port: number, genesisTime?: number): Promise<ChainProcess> {
  const child = spawn(
    process.execPath,
    [
      "src/chain/dev/local-node-main.ts",
      String(port),
      "31337",
      ...(genesisTime === undefined ? [] : [String(Math.floor(genesisTime))]),
    ],
    { cwd: PROJECT_ROOT, stdio: "ignore", env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: "true" } },
  );
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      resolve();
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while ((await probeChainId(url, 500)) !== 31337) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The chain process did not start on port ${port}.`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
