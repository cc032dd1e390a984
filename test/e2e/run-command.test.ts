/**
 * The README's run command, as a user runs it: `npm start` starts the local chain, deploys the
 * registry, starts the service and prints the URL and a demo token; the demo script then issues
 * and verifies; Ctrl+C (SIGINT to the process group) stops the service and the chain.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { probeChainId } from "../../src/chain/dev/local-node.ts";
import { freePort } from "../helpers/ports.ts";

let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
});

test("npm start brings up chain and service; the demo issues and verifies; Ctrl+C stops both", async () => {
  const [port, chainPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), "sceau-run-"));
  child = spawn("npm", ["start", "--silent"], {
    env: {
      ...process.env,
      SCEAU_PORT: String(port),
      SCEAU_LOCAL_CHAIN_PORT: String(chainPort),
      SCEAU_DATA_DIR: dataDir,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so the test can press "Ctrl+C" on the whole group as a terminal does.
    detached: true,
  });
  let stdout = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", () => undefined);
  const deadline = Date.now() + 90_000;
  while (!stdout.includes("Stop with Ctrl+C.") && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(stdout).toContain(`Verification page:  http://127.0.0.1:${port}/`);
  const token = /Demo office token:\s+(\S+)/.exec(stdout)?.[1];
  expect(token).toBeTruthy();
  expect(await probeChainId(`http://127.0.0.1:${chainPort}`)).toBe(31337);

  const demo = spawnSync(
    "node",
    [
      "scripts/demo.ts",
      "--url",
      `http://127.0.0.1:${port}`,
      "--token",
      token ?? "",
      "--out",
      join(dataDir, "demo"),
    ],
    {
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  expect(demo.stdout).toContain("Verify the PDF:          valid");
  expect(demo.stdout).toMatch(/Verify a changed copy: +modified/);
  expect(demo.status).toBe(0);

  const exited = new Promise<void>((r) => {
    child?.once("exit", () => {
      r();
    });
  });
  process.kill(-(child.pid ?? 0), "SIGINT");
  await exited;
  const stopDeadline = Date.now() + 10_000;
  while ((await probeChainId(`http://127.0.0.1:${chainPort}`)) !== null && Date.now() < stopDeadline) {
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(await probeChainId(`http://127.0.0.1:${chainPort}`)).toBeNull();
  expect(stdout).toContain("SIGINT: stopping Sceau...");
}, 150_000);
