/**
 * PDF costs per extract: revision 1 (render), the stamp (revision 2), the byte-exact check, and the
 * first document of a process (font loading). A typical extract has 5 proceedings.
 *
 * Each figure is the median of 7 runs of 200 documents (after one warm-up run), in one process.
 */
import type { BenchModule, Row } from "../scripts/bench.ts";
import {
  sampleExtract,
  SAMPLE_ISSUED_AT,
  SAMPLE_OFFICES,
  SAMPLE_VERIFIER_URL,
  makeSample,
} from "../scripts/samples.ts";
import { sha256 } from "../src/core/hash.ts";
import { checkPdfIntegritySync } from "../src/pdf/integrity.ts";
import { renderExtractSync } from "../src/pdf/render.ts";
import { stampSealSync } from "../src/pdf/stamp.ts";
import { median } from "./_stats.ts";

const RUNS = 7;
const PER_RUN = 200;

/** Milliseconds per call: median over runs of the mean of `PER_RUN` calls. */
function measure(f: (i: number) => void): number {
  for (let i = 0; i < PER_RUN; i++) f(i);
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    for (let i = 0; i < PER_RUN; i++) f(i);
    runs.push((performance.now() - start) / PER_RUN);
  }
  return median(runs);
}

const bench: BenchModule = {
  name: "PDF: render, stamp and byte-exact check (5-entry extract)",
  async run(): Promise<Row[]> {
    const extract = sampleExtract("fr", 5, 0);
    const input = (i: number) => ({
      extract,
      office: SAMPLE_OFFICES.fr,
      documentId: new Uint8Array([i & 0xff, i >> 8, 1, 2, 3, 4, 5, 6, 7, 8]),
      issuedAt: SAMPLE_ISSUED_AT,
      verifierUrl: SAMPLE_VERIFIER_URL,
    });
    const firstStart = performance.now();
    const first = renderExtractSync(input(0));
    const firstMs = performance.now() - firstStart;
    const sample = await makeSample("fr", 5, 0);
    const digest = sha256(sample.revision1);

    const render = measure((i) => renderExtractSync(input(i)));
    const stamp = measure(() => stampSealSync(sample.revision1, sample.qrText));
    const check = measure(() => checkPdfIntegritySync(sample.pdf, digest, sample.qrText));
    const sixty = sampleExtract("fr", 60, 0);
    const render60 = measure((i) => renderExtractSync({ ...input(i), extract: sixty }));
    const note = `median of ${RUNS} runs of ${PER_RUN}`;
    return [
      {
        figure: "render revision 1 (5 entries)",
        value: 1000 / render,
        unit: "PDFs/s",
        note: `${render.toFixed(2)} ms; ${note}`,
      },
      {
        figure: "stamp revision 2 (QR version 15-16)",
        value: 1000 / stamp,
        unit: "PDFs/s",
        note: `${stamp.toFixed(2)} ms; ${note}`,
      },
      {
        figure: "render + stamp, one core",
        value: 1000 / (render + stamp),
        unit: "PDFs/s",
        note: `${(render + stamp).toFixed(2)} ms of CPU per extract`,
        target: "≤ 5 ms per extract (200 sealed PDFs/s on 2 cores leaves room for the rest)",
        met: render + stamp <= 5,
      },
      { figure: "byte-exact check (verifier)", value: check, unit: "ms", note },
      { figure: "render revision 1 (60 entries, 3 pages)", value: render60, unit: "ms", note },
      { figure: "first document of a process (fonts parsed)", value: firstMs, unit: "ms", note: "one run" },
      { figure: "revision 1 size (5 entries)", value: first.length / 1024, unit: "KiB" },
      { figure: "sealed PDF size (5 entries)", value: sample.pdf.length / 1024, unit: "KiB" },
    ];
  },
};

export default bench;
