/**
 * Batching alone, next to OpenAttestation: from the same extract data (5 proceedings each) to
 * one proof per extract.
 *
 * - Sceau: from validated extracts (validation is intake, before any batching, and is not
 *   timed), build each seal body (key data, random document id and salt, a PDF digest computed
 *   beforehand), hash it to a leaf, build the Merkle tree, take every proof and encode every
 *   complete seal (body, root hint, proof): the per-extract sealing and what the issuer does
 *   when a batch closes.
 * - OpenAttestation 6.9.7 `wrapDocuments` (schema 2.0): each document is the same extract with
 *   OpenAttestation's required `issuers` (a document store), wrapped as one batch: schema
 *   check, salting and hashing every field, the Merkle tree and every proof.
 *
 * Both build one tree of all the extracts. Figures are medians of several runs in this process,
 * after a warm-up run of 1,000.
 */
import { wrapDocuments } from "@govtechsg/open-attestation";
import type { BenchModule, Row } from "../scripts/bench.ts";
import { sampleExtracts } from "../scripts/sample-extracts.ts";
import { isoDateOf } from "../src/core/dates.ts";
import { validateExtract, type Extract } from "../src/core/extract.ts";
import { buildTree, getProofs, leafHash } from "../src/core/merkle.ts";
import { sealBodyOf } from "../src/core/seal-body.ts";
import { DOCUMENT_ID_LENGTH, SALT_LENGTH, encodeSealBody, encodeSealWithBody } from "../src/core/seal.ts";
import type { HashFunction } from "../src/core/hash.ts";
import { wasmKeccak256 } from "../src/keccak-wasm.ts";
import { createRandomSource } from "../src/random.ts";
import { median } from "./_stats.ts";

const ISSUED_AT = Math.floor(Date.now() / 1000);
const REGISTRY = { chainId: 31337, address: new Uint8Array(20).fill(0x5c) };
const TARGET_RATIO = 20;
/** The issuer's own source of document ids and salts. */
const random = createRandomSource();

function inputs(count: number): unknown[] {
  const { text } = sampleExtracts({ count, bad: 0, entries: 5, today: isoDateOf(ISSUED_AT) });
  return text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as unknown);
}

/** Sceau's batching of validated extracts: every complete seal, proof included. */
function sealBatch(
  extracts: readonly Extract[],
  digests: readonly Uint8Array[],
  keccak: HashFunction,
): Uint8Array[] {
  const bodies = extracts.map((e, i) =>
    encodeSealBody(
      sealBodyOf(e, {
        registry: REGISTRY,
        documentId: random(DOCUMENT_ID_LENGTH),
        salt: random(SALT_LENGTH),
        issuedAt: ISSUED_AT,
        pdfDigest: digests[i] as Uint8Array,
      }),
    ),
  );
  const tree = buildTree(
    bodies.map((b) => leafHash(b, keccak)),
    keccak,
  );
  const proofs = getProofs(tree, keccak);
  return bodies.map((b, i) => encodeSealWithBody(b, tree.root, proofs[i] as Uint8Array[]));
}

/** The same extracts as OpenAttestation v2 documents anchored in a document store. */
function oaDocuments(raw: readonly unknown[]): Parameters<typeof wrapDocuments>[0] {
  return raw.map((r, i) => ({
    id: `extract-${i + 1}`,
    issuers: [
      {
        name: "Office des poursuites de démonstration",
        documentStore: "0x5C5C5C5C5C5C5C5C5C5C5C5C5C5C5C5C5C5C5C5C",
        identityProof: { type: "DNS-TXT" as never, location: "poursuites.example.ch" },
      },
    ],
    ...(r as Record<string, unknown>),
  }));
}

function time(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

const bench: BenchModule = {
  name: "Batching: seals, Merkle tree and every proof, next to OpenAttestation wrapDocuments",
  async run(): Promise<Row[]> {
    // As the issuer hashes (passed to it by startIssuer).
    const keccak = await wasmKeccak256();
    const rows: Row[] = [];
    for (const [count, ourRuns, oaRuns] of [
      [1000, 7, 5],
      [10_000, 5, 3],
    ] as const) {
      const raw = inputs(count);
      const context = { today: isoDateOf(ISSUED_AT), offices: new Set(["demo"]) };
      const extracts = raw.map((r) => validateExtract(r, context));
      const digests = raw.map(() => random(32));
      sealBatch(extracts.slice(0, 1000), digests, keccak);
      const ours = Array.from({ length: ourRuns }, () => time(() => sealBatch(extracts, digests, keccak)));
      const seals = sealBatch(extracts, digests, keccak);
      const docs = oaDocuments(raw);
      wrapDocuments(docs.slice(0, 1000));
      const oa = Array.from({ length: oaRuns }, () => time(() => wrapDocuments(docs)));
      const wrapped = wrapDocuments(docs);
      const ourRate = (count * 1000) / median(ours);
      const oaRate = (count * 1000) / median(oa);
      const proofLevels = Math.ceil(Math.log2(count));
      const seal = seals[0]?.length ?? 0;
      const oaSize = JSON.stringify(wrapped[0]).length;
      rows.push(
        {
          figure: `Sceau: seals + tree + every proof, ${count.toLocaleString("en-US")} extracts`,
          value: ourRate,
          unit: "extracts/s",
          note: `median of ${ourRuns} runs, ${median(ours).toFixed(0)} ms per batch; seal ${seal} bytes with ${proofLevels} proof levels`,
        },
        {
          figure: `OpenAttestation wrapDocuments, ${count.toLocaleString("en-US")} extracts`,
          value: oaRate,
          unit: "extracts/s",
          note: `median of ${oaRuns} runs, ${median(oa).toFixed(0)} ms per batch; wrapped document ${oaSize} characters of JSON`,
        },
        {
          figure: `Sceau / OpenAttestation, ${count.toLocaleString("en-US")} extracts`,
          value: ourRate / oaRate,
          unit: "×",
          ...(count === 10_000
            ? { target: `≥ ${TARGET_RATIO}×`, met: ourRate / oaRate >= TARGET_RATIO }
            : {}),
        },
      );
    }
    return rows;
  },
};
export default bench;
