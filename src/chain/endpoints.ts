/**
 * Several JSON-RPC endpoints for one chain (`SCEAU_RPC_URL=url1,url2,…`), behind one ethers
 * provider. A read goes to the endpoint that answered last and fails over to the next when one
 * is down, answers an HTTP error or is slower than the timeout; a write
 * (`eth_sendRawTransaction`) goes to the first endpoint in the configured order that answers.
 * Sending the same signed transaction twice is harmless (it has one hash and one nonce), so a
 * write whose answer was lost may be sent to the next endpoint.
 *
 * Every endpoint's chain id is checked at start-up ({@link checkEndpoints}): a node of another
 * chain would have the service anchor on, or read its verdicts from, the wrong network.
 * @module
 */
import { FetchRequest, JsonRpcProvider, Network, type JsonRpcPayload, type JsonRpcResult } from "ethers";
import { SceauError } from "../core/errors.ts";
import type { Logger } from "../core/log.ts";

export interface EndpointOptions {
  /** Milliseconds before a request counts as unanswered (then the next endpoint is asked). */
  readonly timeoutMs: number;
  /** Milliseconds between polls while waiting for a receipt. */
  readonly pollingMs?: number;
  readonly log?: Logger;
}

/** A provider over `urls` (at least one), failing over between them as described above. */
export class MultiEndpointProvider extends JsonRpcProvider {
  readonly urls: readonly string[];
  private readonly requests: readonly FetchRequest[];
  private readonly log: Logger | undefined;
  /** Index of the endpoint reads go to first: the last one that answered. */
  private current = 0;
  /** Endpoints found down, by index, so that a recovery is logged once. */
  private readonly down = new Set<number>();

  constructor(urls: readonly string[], chainId: number, options: EndpointOptions) {
    const [first] = urls;
    if (first === undefined) throw new SceauError("CONFIG_INVALID", "No JSON-RPC endpoint is configured.");
    const network = Network.from(chainId);
    const requests = urls.map((u) => {
      const r = new FetchRequest(u);
      r.timeout = options.timeoutMs;
      return r;
    });
    super(requests[0], network, {
      staticNetwork: network,
      cacheTimeout: -1,
      batchMaxCount: 1,
      pollingInterval: options.pollingMs ?? 250,
    });
    this.urls = urls;
    this.requests = requests;
    this.log = options.log;
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const method = Array.isArray(payload) ? payload[0]?.method : payload.method;
    const start = method === "eth_sendRawTransaction" ? 0 : this.current;
    let last: unknown;
    for (let i = 0; i < this.requests.length; i++) {
      const index = (start + i) % this.requests.length;
      try {
        const answer = await this.sendTo(index, payload);
        if (this.down.delete(index)) {
          this.log?.("info", "A JSON-RPC endpoint answers again.", {
            endpoint: endpointName(this.urls[index]),
          });
        }
        this.current = index;
        return answer;
      } catch (e) {
        last = e;
        if (!this.down.has(index)) {
          this.down.add(index);
          if (this.requests.length > 1) {
            this.log?.("warn", "A JSON-RPC endpoint failed; trying the next.", {
              endpoint: endpointName(this.urls[index]),
              method,
              error: e,
            });
          }
        }
      }
    }
    throw last;
  }

  private async sendTo(index: number, payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const request = (this.requests[index] as FetchRequest).clone();
    request.body = JSON.stringify(payload);
    request.setHeader("content-type", "application/json");
    const response = await request.send();
    response.assertOk();
    const body: unknown = response.bodyJson;
    return (Array.isArray(body) ? body : [body]) as JsonRpcResult[];
  }
}

/**
 * Asks every endpoint its chain id.
 * @throws {SceauError} `CHAIN_MISMATCH` when one serves another chain than `chainId`; an
 * endpoint that does not answer is only logged (it is checked again when it is first used)
 */
export async function checkEndpoints(
  urls: readonly string[],
  chainId: number,
  options: { readonly timeoutMs: number; readonly log?: Logger },
): Promise<void> {
  const answers = await Promise.all(urls.map((u) => probeChainId(u, options.timeoutMs)));
  const wrong: string[] = [];
  answers.forEach((answer, i) => {
    const name = endpointName(urls[i]);
    if (answer === null) {
      options.log?.("warn", "A JSON-RPC endpoint does not answer at start-up.", { endpoint: name });
    } else if (answer !== chainId) {
      wrong.push(`${name} serves chain ${answer}`);
    }
  });
  if (wrong.length > 0) {
    throw new SceauError(
      "CHAIN_MISMATCH",
      `SCEAU_CHAIN_ID is ${chainId}, but ${wrong.join("; ")}: refusing to start on the wrong network.`,
      { details: { expected: chainId, endpoints: wrong } },
    );
  }
}

async function probeChainId(url: string, timeoutMs: number): Promise<number | null> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as { result?: unknown };
    return typeof body.result === "string" ? Number(BigInt(body.result)) : null;
  } catch {
    return null;
  }
}

/** An endpoint as logs show it: scheme, host and port, never a path or query (they may hold an API key). */
function endpointName(url: string | undefined): string {
  if (url === undefined) return "?";
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return "?";
  }
}
