/**
 * Prometheus metrics (prom-client), served as text at `GET /metrics`. One registry per service
 * (never prom-client's global one), so several services in one process (tests) do not collide.
 *
 * Labels carry only bounded, non-personal values: verdicts, sources, route patterns (never a
 * URL, which may hold an id or a search query), status codes, office ids, rate-limit scopes.
 * @module
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { IssuerObserver } from "./issuer/ports.ts";

export interface Metrics {
  readonly registry: Registry;
  /** What the issuer reports: intake, batches, anchoring. */
  readonly issuer: IssuerObserver;
  /** What the chain sender reports: replaced and resent transactions. */
  readonly sender: { txReplaced(): void; txResent(): void };
  /** One verification answered with a report. */
  verification(verdict: string, source: string, seconds: number): void;
  /** One HTTP request answered (`route` is the matched pattern, or `unmatched`). */
  httpRequest(method: string, route: string, status: number, seconds: number): void;
  /** One request refused by a rate limit. */
  rateLimited(scope: "verify" | "issue" | "auth"): void;
  /** Reads a gauge's value when metrics are scraped. */
  gauge(name: string, help: string, read: () => number): void;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const ANCHOR_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600];

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "sceau_" });
  const registers = [registry];

  const extracts = new Counter({
    name: "sceau_extracts_stored_total",
    help: "Extracts accepted and durably stored in the journal.",
    registers,
  });
  const batchesSealed = new Counter({
    name: "sceau_batches_sealed_total",
    help: "Batches closed (Merkle root and proofs recorded).",
    registers,
  });
  const batchSize = new Histogram({
    name: "sceau_batch_size",
    help: "Extracts per closed batch.",
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096],
    registers,
  });
  const reorgs = new Counter({
    name: "sceau_chain_reorgs_total",
    help: "Anchored batches whose anchoring a reorganisation removed (then sent again).",
    registers,
  });
  const alarms = new Counter({
    name: "sceau_chain_alarms_total",
    help: "Compromise alarms: a root anchored by our issuer account but not in our journal, or a role change we did not make.",
    labelNames: ["kind"],
    registers,
  });
  const txReplaced = new Counter({
    name: "sceau_chain_tx_replaced_total",
    help: "Transactions replaced by a version with a higher fee (same nonce).",
    registers,
  });
  const txResent = new Counter({
    name: "sceau_chain_tx_resent_total",
    help: "Transactions sent again after the node dropped them from its mempool.",
    registers,
  });
  const batchesAnchored = new Counter({
    name: "sceau_batches_anchored_total",
    help: "Batches whose anchoring receipt is stored.",
    registers,
  });
  const extractsAnchored = new Counter({
    name: "sceau_extracts_anchored_total",
    help: "Extracts in anchored batches.",
    registers,
  });
  const anchorTx = new Histogram({
    name: "sceau_anchor_transaction_seconds",
    help: "From sending an anchoring transaction to its receipt.",
    buckets: ANCHOR_BUCKETS,
    registers,
  });
  const anchorDelay = new Histogram({
    name: "sceau_anchor_delay_seconds",
    help: "From closing a batch to storing its anchoring receipt (chain outages included).",
    buckets: ANCHOR_BUCKETS,
    registers,
  });
  const chainFailures = new Counter({
    name: "sceau_chain_write_failures_total",
    help: "Chain loop runs that failed and were retried (outages, timeouts, reverts).",
    registers,
  });
  const revocations = new Counter({
    name: "sceau_revocations_recorded_total",
    help: "Revocations recorded on chain, by scope.",
    labelNames: ["scope"],
    registers,
  });
  const journalFailures = new Counter({
    name: "sceau_journal_write_failures_total",
    help: "Journal writes that failed (disk full, I/O error).",
    registers,
  });
  const verifications = new Counter({
    name: "sceau_verifications_total",
    help: "Verifications answered with a report, by verdict and input.",
    labelNames: ["verdict", "source"],
    registers,
  });
  const verifySeconds = new Histogram({
    name: "sceau_verification_seconds",
    help: "Time to a verification report, by input.",
    labelNames: ["source"],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const requests = new Counter({
    name: "sceau_http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status.",
    labelNames: ["method", "route", "status"],
    registers,
  });
  const requestSeconds = new Histogram({
    name: "sceau_http_request_seconds",
    help: "HTTP request duration, by method and route pattern.",
    labelNames: ["method", "route"],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const limited = new Counter({
    name: "sceau_rate_limited_total",
    help: "Requests refused by a rate limit, by scope.",
    labelNames: ["scope"],
    registers,
  });

  // Label sets are few (verdicts, sources, route patterns, statuses): their bound children are
  // kept, so a request costs no label hashing.
  type Child = { count: { inc(): void }; time: { observe(v: number): void } };
  const verificationChildren = new Map<string, Child>();
  const requestChildren = new Map<string, Child>();

  return {
    registry,
    issuer: {
      extractsStored: (n) => {
        extracts.inc(n);
      },
      batchSealed: (size) => {
        batchesSealed.inc();
        batchSize.observe(size);
      },
      batchesAnchored: (batches, transactionMs, nowMs) => {
        batchesAnchored.inc(batches.length);
        if (transactionMs !== null) anchorTx.observe(transactionMs / 1000);
        for (const b of batches) {
          extractsAnchored.inc(b.size);
          anchorDelay.observe(Math.max(0, nowMs - b.sealedAtMs) / 1000);
        }
      },
      chainWriteFailed: () => {
        chainFailures.inc();
      },
      alarmRaised: (kind) => {
        alarms.inc({ kind });
      },
      anchoringReorganised: (batches) => {
        reorgs.inc(batches);
      },
      revocationRecorded: (scope) => {
        revocations.inc({ scope });
      },
      journalWriteFailed: () => {
        journalFailures.inc();
      },
    },
    sender: {
      txReplaced: () => {
        txReplaced.inc();
      },
      txResent: () => {
        txResent.inc();
      },
    },
    verification: (verdict, source, seconds) => {
      const key = `${verdict} ${source}`;
      let c = verificationChildren.get(key);
      if (!c) {
        c = { count: verifications.labels({ verdict, source }), time: verifySeconds.labels({ source }) };
        verificationChildren.set(key, c);
      }
      c.count.inc();
      c.time.observe(seconds);
    },
    httpRequest: (method, route, status, seconds) => {
      const key = `${method} ${route} ${status}`;
      let c = requestChildren.get(key);
      if (!c) {
        c = {
          count: requests.labels({ method, route, status: String(status) }),
          time: requestSeconds.labels({ method, route }),
        };
        requestChildren.set(key, c);
      }
      c.count.inc();
      c.time.observe(seconds);
    },
    rateLimited: (scope) => {
      limited.inc({ scope });
    },
    gauge: (name, help, read) => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    },
  };
}
