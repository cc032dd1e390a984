/**
 * Frozen vectors of the extract's layout v1 (docs/formats.md, "The extract PDF"): what revision 1
 * of each frozen input (`layout-inputs.ts`) renders to with layout v1, the layout of every extract
 * issued before v2. Nothing re-renders an issued extract (the journal keeps revision 1), but v1
 * stays renderable and must keep giving these bytes: a change is a new layout version, never an
 * edit of v1. Checked by `test/pdf/layout-vectors.test.ts`.
 */
import type { LayoutVector } from "./layout-inputs.ts";

/** zlib that compressed the pinned files (`process.versions.zlib`); `contentSha256` does not depend on it. */
export const LAYOUT_V1_ZLIB = "1.3.1-e00f703";

export const LAYOUT_V1_VECTORS: readonly LayoutVector[] = [
  {
    name: "fr, a person with no proceedings",
    length: 24732,
    sha256: "c5cb5f4987d31d6721aefee2bfdce82caa4d83255f7befe20581f6ae75ab69e2",
    contentSha256: "4617cd53d8c56c895280f7f40d9451562cdf4495874246bd82fb06b03b3c3341",
  },
  {
    name: "de, a company with one open proceeding",
    length: 27031,
    sha256: "41cf3fbe90618bca9bc12d895881c8ef989faedc195f8a34c9f3f7c4b3b350b0",
    contentSha256: "4024c3ae234287fb70c977cb52019094eee85b8dd715999e41e454f3fd17e56f",
  },
  {
    name: "it, a person with two proceedings and one loss certificate",
    length: 26783,
    sha256: "281adab21f7420f3467fee18993cb0913e3c1faf081c2188bd8a9c52c0a76f65",
    contentSha256: "86f6e2752cf2054273ebf1f956d94238f022179255e25d775dba394db75cea43",
  },
  {
    name: "en, a person with 40 proceedings over two pages and two loss certificates",
    length: 31290,
    sha256: "78284130813566102339c8b75bf5219980921639c1344d1f4065da757243dd27",
    contentSha256: "edd755c1632ee1876d68f1642ad43e2087bb49079571372fd5a915f4bcead52d",
  },
];
