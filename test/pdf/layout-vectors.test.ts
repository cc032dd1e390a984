import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { sha256 } from "../../src/core/hash.ts";
import { recordedLayout } from "../../src/pdf/document.ts";
import { checkPdfIntegritySync } from "../../src/pdf/integrity.ts";
import { CURRENT_LAYOUT, LAYOUT_VERSIONS, renderExtractSync } from "../../src/pdf/render.ts";
import { stampSealSync } from "../../src/pdf/stamp.ts";
import { contentSha256 } from "../helpers/pdf-content.ts";
import { LAYOUT_CASES, type LayoutVector } from "../vectors/layout-inputs.ts";
import { LAYOUT_V1_VECTORS, LAYOUT_V1_ZLIB } from "../vectors/layout-v1.ts";
import { LAYOUT_V2_VECTORS, LAYOUT_V2_ZLIB } from "../vectors/layout-v2.ts";

const hex = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

const VERSIONS: readonly { layout: 1 | 2; vectors: readonly LayoutVector[]; zlib: string }[] = [
  { layout: 1, vectors: LAYOUT_V1_VECTORS, zlib: LAYOUT_V1_ZLIB },
  { layout: 2, vectors: LAYOUT_V2_VECTORS, zlib: LAYOUT_V2_ZLIB },
];

describe("extract layout frozen vectors", () => {
  test("every layout the renderer draws has vectors for every frozen input; new extracts get v2", () => {
    expect(LAYOUT_VERSIONS).toEqual(VERSIONS.map((v) => v.layout));
    expect(CURRENT_LAYOUT).toBe(2);
    for (const v of VERSIONS) expect(v.vectors.map((x) => x.name)).toEqual(LAYOUT_CASES.map((c) => c.name));
  });

  describe.each(VERSIONS)("layout v$layout", ({ layout, vectors, zlib }) => {
    test.each(LAYOUT_CASES.map((c, i) => ({ ...c, vector: vectors[i] as LayoutVector })))(
      "renders the pinned revision 1: $name",
      ({ input, vector }) => {
        const rev1 = renderExtractSync({ ...input, layout });
        expect(rev1.length).toBe(vector.length);
        expect(contentSha256(rev1)).toBe(vector.contentSha256);
        // Another zlib may compress the same streams differently (harmless: nothing re-renders an
        // issued extract); with the pinned one, the file is byte for byte the pinned file.
        if (process.versions.zlib === zlib) expect(hex(rev1)).toBe(vector.sha256);
        expect(recordedLayout(rev1)).toBe(layout);
      },
    );

    test("each vector's stamped file passes the byte-exact check", () => {
      for (const c of LAYOUT_CASES) {
        const rev1 = renderExtractSync({ ...c.input, layout });
        const qrText = `${c.input.verifierUrl}/v#AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYUCULBOGAZDINRYHI6D4QCAQD7`;
        const pdf = stampSealSync(rev1, qrText);
        expect(checkPdfIntegritySync(pdf, sha256(rev1), qrText), c.name).toEqual({
          status: "valid",
          revision1Length: rev1.length,
        });
        expect(recordedLayout(pdf)).toBe(layout);
      }
    });
  });

  test("a layout version the renderer does not draw is refused, not drawn as another", () => {
    const input = LAYOUT_CASES[0]?.input;
    if (!input) throw new Error("no case");
    for (const layout of [0, 3, 1.5])
      expect(() => renderExtractSync({ ...input, layout })).toThrow(/Layout version/);
  });
});
