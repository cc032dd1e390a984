import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { checkPdfIntegritySync } from "../../src/pdf/integrity.ts";
import { STAMP_QR_MASK, stampQrMatrix, stampSealSync } from "../../src/pdf/stamp.ts";
import {
  STAMP_V1_REVISION1,
  STAMP_V1_REVISION1_SHA256,
  STAMP_V1_SHORT_REVISION2,
  STAMP_V1_VECTORS,
} from "../vectors/stamp-v1.ts";

const hex = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString("latin1");

describe("stamp v1 frozen vectors", () => {
  test("the vectors' revision 1 is the pinned file", () => {
    expect(hex(STAMP_V1_REVISION1)).toBe(STAMP_V1_REVISION1_SHA256);
  });

  test.each(STAMP_V1_VECTORS)("stamping gives the pinned bytes: $name", (v) => {
    const stamped = stampSealSync(STAMP_V1_REVISION1, v.qrText);
    expect(stamped.length).toBe(v.stampedLength);
    expect(hex(stamped)).toBe(v.stampedSha256);
    expect(
      checkPdfIntegritySync(stamped, createHash("sha256").update(STAMP_V1_REVISION1).digest(), v.qrText),
    ).toEqual({ status: "valid", revision1Length: STAMP_V1_REVISION1.length });
  });

  test("revision 2 starts and ends with the pinned page object, stream dictionary, xref and trailer", () => {
    const v = STAMP_V1_SHORT_REVISION2;
    const rev2 = latin1(stampSealSync(STAMP_V1_REVISION1, v.qrText).subarray(STAMP_V1_REVISION1.length));
    expect(rev2.startsWith(v.head)).toBe(true);
    expect(rev2.endsWith(v.tail)).toBe(true);
  });

  test("the QR symbol uses the fixed mask and the smallest version at error correction M", () => {
    const v = STAMP_V1_VECTORS[0];
    if (!v) throw new Error("no vector");
    const m = stampQrMatrix(v.qrText);
    expect(STAMP_QR_MASK).toBe(4);
    expect(m.version).toBe(15);
    expect(m.size).toBe(77);
  });
});
