/**
 * The streams of a PDF Sceau wrote (`src/pdf/writer.ts`: `n 0 obj\n<< /Length L … >>\nstream\n`),
 * inflated: page content as PDF operators, and a digest of every stream that does not depend on
 * the zlib version that compressed them.
 */
import { createHash } from "node:crypto";
import { inflateSync } from "node:zlib";

interface Stream {
  readonly object: number;
  readonly dict: string;
  readonly data: Uint8Array;
}

/** Every stream of revision 1, in file order, inflated when Flate-compressed. */
function streamsOf(pdf: Uint8Array): Stream[] {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString("latin1");
  const out: Stream[] = [];
  const head = /(\d+) 0 obj\n<< \/Length (\d+)([^\n]*) >>\nstream\n/g;
  for (let m = head.exec(text); m; m = head.exec(text)) {
    const start = m.index + m[0].length;
    const raw = pdf.subarray(start, start + Number(m[2]));
    const dict = m[3] ?? "";
    out.push({
      object: Number(m[1]),
      dict,
      data: dict.includes("/FlateDecode") ? new Uint8Array(inflateSync(raw)) : raw,
    });
    head.lastIndex = start + raw.length;
  }
  return out;
}

/** SHA-256 (hex) of every stream's inflated bytes, each preceded by its dictionary: the file without its compression. */
export function contentSha256(pdf: Uint8Array): string {
  const h = createHash("sha256");
  for (const s of streamsOf(pdf)) h.update(`${s.object} ${s.dict} ${s.data.length}\n`).update(s.data);
  return h.digest("hex");
}

/** The page content streams, page 1 first, as operator text (the font maps left out). */
export function pageOperators(pdf: Uint8Array): string[] {
  return streamsOf(pdf)
    .filter((s) => s.dict === " /Filter /FlateDecode")
    .map((s) => Buffer.from(s.data).toString("latin1"))
    .filter((ops) => !ops.includes("begincmap"));
}
