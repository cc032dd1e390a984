/**
 * The attacker of bench/flood.ts, run as its own process so that its uploads never share an
 * event loop with the service: keeps `inFlight` uploads of one file to `POST /api/v1/verify` going
 * from one address (`X-Forwarded-For`) for `seconds`, each answered one followed by the next.
 *
 *   node bench/_flood-client.ts <json: { url, file, type, address, inFlight, seconds }>
 *
 * Prints the answers it got, by verdict or error code, as one JSON line.
 */
import { readFileSync } from "node:fs";

interface Args {
  readonly url: string;
  readonly file: string;
  readonly type: string;
  readonly address: string;
  readonly inFlight: number;
  readonly seconds: number;
}

const args = JSON.parse(process.argv[2] ?? "{}") as Args;
const body = new Uint8Array(readFileSync(args.file));
const until = performance.now() + args.seconds * 1000;
const counts: Record<string, number> = {};
const one = async (): Promise<void> => {
  while (performance.now() < until) {
    const res = await fetch(`${args.url}/api/v1/verify`, {
      method: "POST",
      headers: { "content-type": args.type, "x-forwarded-for": args.address },
      body,
    });
    const json = (await res.json()) as { verdict?: string; error?: { code?: string } };
    const outcome = json.verdict ?? json.error?.code ?? `HTTP ${res.status}`;
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
};
await Promise.all(Array.from({ length: args.inFlight }, one));
process.stdout.write(`${JSON.stringify(counts)}\n`);
