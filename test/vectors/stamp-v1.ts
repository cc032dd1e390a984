/**
 * Frozen test vectors of PDF stamp v1 (README "PDF stamp v1"). A smallest revision 1 that has
 * everything the stamp reads (classic xref, trailer with /Root /Info /ID, a page tree, page 1 with
 * /Contents and /SceauStampBox), and what stamping it must give. Any change to the stamp writer
 * that alters these bytes breaks every extract already issued: it is a new stamp version, never
 * an edit of v1.
 */

/** Builds the vector's revision 1 (pure string assembly; its SHA-256 is pinned below). */
function minimalRevision1(): Uint8Array {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R /Lang (fr-CH) >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R " +
      "/SceauStampBox [68.031 53.858 113.386 113.386] >>",
    "<< /Length 39 >>\nstream\n0.9 g 56.693 42.52 481.89 141.732 re f\nendstream",
    "<< /Title (Vector) /Producer (Sceau) >>",
  ];
  let pdf = "%PDF-1.7\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n`;
  for (const o of offsets) pdf += `${String(o).padStart(10, "0")} 00000 n\r\n`;
  pdf +=
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R ` +
    `/ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>] >>\n` +
    `startxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}

export const STAMP_V1_REVISION1 = minimalRevision1();
export const STAMP_V1_REVISION1_SHA256 = "c8b23a723bf46c8b873147cdc0170c35021ee5d7b80122220db4da7d42bd1830";

export interface StampVector {
  readonly name: string;
  readonly qrText: string;
  /** SHA-256 (hex) of the whole stamped file. */
  readonly stampedSha256: string;
  readonly stampedLength: number;
}

const SEAL_TEXT = `https://verify.sceau.example.ch/v#${"AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYUCULBOGAZDINRYHI6D4QCAQD7KDUFBFCAIREEYUCULBOGAZDINRYHI6D4QCAQD7KDUFB".repeat(5)}`;

export const STAMP_V1_VECTORS: readonly StampVector[] = [
  {
    name: "a seal URL of about a real seal's size (version 15 symbol)",
    qrText: SEAL_TEXT,
    stampedSha256: "2c81f244ba76424a770b0d84bd8abc91a8a05a83a024be9b402fe14e7d1dbf9f",
    stampedLength: 21233,
  },
  {
    name: "a text with PDF string delimiters and non-ASCII (escaped; one byte-mode segment)",
    qrText: "Sceau (test) \\ é #not-base32",
    stampedSha256: "9639fd73a13ef88ae570e714dcfed68ec3c334baefb7a2606473fb13bce79384",
    stampedLength: 4017,
  },
  {
    name: "a short seal URL",
    qrText: "https://v.example/v#AB2C",
    stampedSha256: "742fba8dbc9f61770656736649606bbd03f2e284b970d2fa4da19893889378cf",
    stampedLength: 3215,
  },
];

/** The readable parts of revision 2 for the short vector: how it starts and how it ends. */
export const STAMP_V1_SHORT_REVISION2 = {
  qrText: "https://v.example/v#AB2C",
  head:
    "3 0 obj\n" +
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents [4 0 R 6 0 R] " +
    "/SceauStampBox [68.031 53.858 113.386 113.386] >>\n" +
    "endobj\n" +
    "6 0 obj\n" +
    "<< /Length 2088 /SceauSeal (https://v.example/v#AB2C) >>\n" +
    "stream\n" +
    "% Sceau stamp v1\n" +
    "q\n" +
    "1 0 0 1 68.031 53.858 cm\n" +
    "1 g\n" +
    "0 0 113.386 113.386 re f\n" +
    "3.435939 0 0 3.435939 0 0 cm\n" +
    "0 g\n" +
    "4 28 7 1 re\n",
  tail:
    "f\nQ\nendstream\nendobj\n" +
    "xref\n3 1\n0000000683 00000 n\r\n6 1\n0000000831 00000 n\r\n" +
    "trailer\n<< /Size 7 /Root 1 0 R /Info 5 0 R " +
    "/ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>] /Prev 412 >>\n" +
    "startxref\n3009\n%%EOF\n",
} as const;
