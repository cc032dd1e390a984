/**
 * A JSON-RPC proxy on 127.0.0.1 in front of a chain, to put faults between the service and its
 * node: added delay, HTTP errors, JSON-RPC errors, dropped connections, or no answer at all.
 * It counts the calls it forwards by method and can hold back a chosen method's answer.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";

export type ProxyMode =
  | { readonly kind: "pass" }
  /**
   * Forwards, then answers `ms` later (the node has already acted); only the listed methods
   * when `methods` is given, the others pass.
   */
  | { readonly kind: "delay"; readonly ms: number; readonly methods?: readonly string[] }
  /** Answers HTTP 502 without forwarding. */
  | { readonly kind: "http-error" }
  /** Answers a JSON-RPC internal error without forwarding. */
  | { readonly kind: "rpc-error" }
  /** Closes the connection without an answer and without forwarding. */
  | { readonly kind: "drop" };

export interface ChainProxy {
  readonly url: string;
  mode: ProxyMode;
  /** Calls forwarded to the chain, by JSON-RPC method. */
  readonly forwarded: Map<string, number>;
  /** Calls refused, dropped or answered with an error by the proxy. */
  refused: number;
  /**
   * Called after the chain answered a forwarded call of `method` and before the answer is
   * passed on (for example, to kill the chain right after it accepted a transaction).
   */
  afterForward: { readonly method: string; readonly run: () => Promise<void> } | null;
  /**
   * Most blocks one `eth_getLogs` may span, as public nodes limit it; a wider query (or one
   * without numeric bounds) is refused with a JSON-RPC error. Null: no limit.
   */
  maxLogRange: number | null;
  /** The filter of every `eth_getLogs` call seen, in order. */
  readonly logFilters: { readonly topics?: unknown[] }[];
  close(): Promise<void>;
}

export async function startChainProxy(target: string): Promise<ChainProxy> {
  const sockets = new Set<Socket>();
  const proxy: ChainProxy = {
    url: "",
    mode: { kind: "pass" },
    forwarded: new Map(),
    refused: 0,
    afterForward: null,
    maxLogRange: null,
    logFilters: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void handle(Buffer.concat(chunks), res);
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });

  const handle = async (body: Buffer, res: ServerResponse): Promise<void> => {
    const mode = proxy.mode;
    const ids = idsOf(body);
    if (mode.kind === "drop") {
      proxy.refused++;
      res.socket?.destroy();
      return;
    }
    if (mode.kind === "http-error") {
      proxy.refused++;
      res.writeHead(502, { "content-type": "text/plain" }).end("bad gateway");
      return;
    }
    if (mode.kind === "rpc-error") {
      proxy.refused++;
      const errors = ids.map((id) => ({
        jsonrpc: "2.0",
        id,
        error: { code: -32603, message: "upstream failure" },
      }));
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(ids.length === 1 ? errors[0] : errors));
      return;
    }
    for (const c of calls(body)) {
      if (c.method === "eth_getLogs") {
        const [filter] = ((c as { params?: unknown }).params ?? []) as { topics?: unknown[] }[];
        proxy.logFilters.push(filter ?? {});
      }
    }
    if (proxy.maxLogRange !== null && tooWide(body, proxy.maxLogRange)) {
      proxy.refused++;
      const errors = ids.map((id) => ({
        jsonrpc: "2.0",
        id,
        error: { code: -32005, message: `query exceeds max block range ${proxy.maxLogRange}` },
      }));
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(ids.length === 1 ? errors[0] : errors));
      return;
    }
    const methods = methodsOf(body);
    for (const m of methods) proxy.forwarded.set(m, (proxy.forwarded.get(m) ?? 0) + 1);
    let status: number;
    let answer: Buffer;
    try {
      const upstream = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: new Uint8Array(body),
      });
      status = upstream.status;
      answer = Buffer.from(await upstream.arrayBuffer());
    } catch {
      // The chain itself is gone: the caller sees its connection fail, as it would without us.
      res.socket?.destroy();
      return;
    }
    const hook = proxy.afterForward;
    if (hook && methods.includes(hook.method)) {
      proxy.afterForward = null;
      await hook.run();
    }
    if (mode.kind === "delay" && (!mode.methods || methods.some((m) => mode.methods?.includes(m)))) {
      await new Promise((r) => setTimeout(r, mode.ms));
    }
    if (res.socket?.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" }).end(answer);
  };

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  (proxy as { url: string }).url = `http://127.0.0.1:${port}`;
  return proxy;
}

function parse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    return null;
  }
}

function calls(body: Buffer): { id?: unknown; method?: unknown }[] {
  const v = parse(body);
  const list = Array.isArray(v) ? v : [v];
  return list.filter((x): x is { id?: unknown; method?: unknown } => typeof x === "object" && x !== null);
}

function methodsOf(body: Buffer): string[] {
  return calls(body).map((c) => (typeof c.method === "string" ? c.method : "?"));
}

function idsOf(body: Buffer): unknown[] {
  return calls(body).map((c) => c.id ?? null);
}

/** True when an `eth_getLogs` call in `body` spans more than `max` blocks or names no numeric range. */
function tooWide(body: Buffer, max: number): boolean {
  return calls(body).some((c) => {
    if (c.method !== "eth_getLogs") return false;
    const [filter] = ((c as { params?: unknown }).params ?? []) as {
      fromBlock?: unknown;
      toBlock?: unknown;
    }[];
    const from = filter?.fromBlock;
    const to = filter?.toBlock;
    if (
      typeof from !== "string" ||
      typeof to !== "string" ||
      !from.startsWith("0x") ||
      !to.startsWith("0x")
    ) {
      return true;
    }
    return Number(BigInt(to)) - Number(BigInt(from)) + 1 > max;
  });
}
