import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadRegistryArtifact } from "../../src/chain/artifact.ts";
import { createProvider } from "../../src/chain/provider.ts";
import { RegistryClient } from "../../src/chain/registry.ts";
import { SceauError } from "../../src/core/errors.ts";
import { freePort } from "../helpers/ports.ts";

const artifact = loadRegistryArtifact();
const ADDRESS = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof SceauError ? e.code : `unexpected: ${String(e)}`;
  }
  return "no error";
}

describe("chain adapter outages", () => {
  let hanging: Server;
  let hangingPort: number;
  let erroring: Server;
  let erroringPort: number;
  beforeAll(async () => {
    hanging = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => hanging.listen(0, "127.0.0.1", r));
    hangingPort = (hanging.address() as { port: number }).port;
    erroring = createServer((_req, res) => {
      res.writeHead(502).end("bad gateway");
    });
    await new Promise<void>((r) => erroring.listen(0, "127.0.0.1", r));
    erroringPort = (erroring.address() as { port: number }).port;
  });
  afterAll(() => {
    hanging.closeAllConnections();
    hanging.close();
    erroring.close();
  });

  const read = (port: number, timeoutMs = 2000): Promise<unknown> => {
    const provider = createProvider(`http://127.0.0.1:${port}`, 31337, { timeoutMs });
    const client = new RegistryClient(ADDRESS, artifact, provider);
    return client.sealStatus(new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)).finally(() => {
      provider.destroy();
    });
  };

  test("a refused connection is CHAIN_UNAVAILABLE, never a 'not anchored' answer", async () => {
    expect(await codeOf(read(await freePort()))).toBe("CHAIN_UNAVAILABLE");
  });

  test("a node that never answers is CHAIN_UNAVAILABLE after the timeout", async () => {
    const started = Date.now();
    expect(await codeOf(read(hangingPort, 300))).toBe("CHAIN_UNAVAILABLE");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test("an HTTP error from the node is CHAIN_UNAVAILABLE", async () => {
    expect(await codeOf(read(erroringPort))).toBe("CHAIN_UNAVAILABLE");
  });
});
