/**
 * The load generator of bench/load.ts, run as its own process so that it never shares an event
 * loop with the service: autocannon (one thread) posting QR texts to `POST /api/v1/verify`,
 * rotating over the texts given.
 *
 *   node bench/_load-client.ts <json: { url, qrs, connections, seconds }>
 *
 * Prints autocannon's result as one JSON line.
 */
import autocannon from "autocannon";

interface Args {
  readonly url: string;
  readonly qrs: readonly string[];
  readonly connections: number;
  readonly seconds: number;
}

const args = JSON.parse(process.argv[2] ?? "{}") as Args;
const bodies = args.qrs.map((qr) => JSON.stringify({ qr }));
let next = 0;
const result = await autocannon({
  url: args.url,
  connections: args.connections,
  duration: args.seconds,
  requests: [
    {
      method: "POST",
      path: "/api/v1/verify",
      headers: { "content-type": "application/json" },
      setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] ?? "" }),
    },
  ],
});
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    latency: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: result.statusCodeStats,
  })}\n`,
);
