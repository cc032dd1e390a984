/**
 * Frozen vectors of the extract's layout v2 (docs/formats.md, "The extract PDF"): what revision 1
 * of each frozen input (`layout-inputs.ts`) renders to with layout v2, the layout of new extracts:
 * the three numbered steps beside the QR code, the counter's address, the statement's sentences
 * from the MessageFormat tables beside a neutral accent, amounts right-aligned. A change is a new
 * layout version, never an edit of v2. Checked by `test/pdf/layout-vectors.test.ts`.
 */
import type { LayoutVector } from "./layout-inputs.ts";

/** zlib that compressed the pinned files (`process.versions.zlib`); `contentSha256` does not depend on it. */
export const LAYOUT_V2_ZLIB = "1.3.1-e00f703";

export const LAYOUT_V2_VECTORS: readonly LayoutVector[] = [
  {
    name: "fr, a person with no proceedings",
    length: 25107,
    sha256: "97d5bdc03dda693ee12e7278080896b0dda14e289fd96bba9a6ecfd8c21cc444",
    contentSha256: "5d42494fbd9ebf50e5358d4ccd1722803f0262e14b0ae724918b8280aaaba783",
  },
  {
    name: "de, a company with one open proceeding",
    length: 28170,
    sha256: "0e2ccbbc43620db6abdd6f67793a4fdb57638e892a241b87b24a1b93217a747d",
    contentSha256: "59948ffd0bed06dffef8f2296b82982cbb28525be67ed7a0d34de917b473b68f",
  },
  {
    name: "it, a person with two proceedings and one loss certificate",
    length: 27782,
    sha256: "d12790da335b0cf34ea8461366f19eda0c4c3259e84a96fb8906518c07759825",
    contentSha256: "438abce8580e1d34d5bf861528d26899f9e09bc4ba4eedeb193451439c1d0f1a",
  },
  {
    name: "en, a person with 40 proceedings over two pages and two loss certificates",
    length: 31561,
    sha256: "42fcc8204004649b2437294f7140fd10c296499d2e0023a474c6ae9d5a892222",
    contentSha256: "06f6dccf5514a6ffcbecb15a0e2a38e4184ebef70aba75063e339f703467b485",
  },
];
