/**
 * The forged-document catalogue: every attack issue 7 names (F01–F11) and those the adversarial
 * review of issue 11 found (F12 on), with the answer Sceau must give.
 * Each case is an end-to-end test in test/catalogue/forged-*.test.ts (named by its id), run
 * against the whole service on a local chain through `POST /api/v1/verify` (or the API or the
 * contract the attack goes through). `seeAlso` points at tests proving variants elsewhere.
 * test/catalogue/catalogue.test.ts checks that every case has its test and every reference exists.
 */

export interface ForgeryCase {
  readonly id: string;
  readonly attack: string;
  /** The verdict (or the HTTP answer) the attack gets. */
  readonly expected: string;
  /** What in the answer shows why. */
  readonly because: string;
  readonly seeAlso?: readonly { readonly file: string; readonly test: string }[];
}

export const CATALOGUE: readonly ForgeryCase[] = [
  {
    id: "F01",
    attack:
      "text of the PDF altered: an amount changed, revision 1 rendered again with Sceau's own open-source renderer and the genuine stamp applied again",
    expected: "modified",
    because:
      "PDF_INTEGRITY invalid (REVISION_NOT_FOUND); every other check valid; the report shows the sealed amounts, not the altered ones",
    seeAlso: [
      {
        file: "test/e2e/tamper.test.ts",
        test: "an amount changed in revision 1 (content stream edited in place with qpdf) is modified",
      },
      {
        file: "test/e2e/tamper.test.ts",
        test: "a further incremental update that paints over the statement is modified",
      },
    ],
  },
  {
    id: "F02",
    attack:
      "the QR of another genuine extract (a debtor without proceedings) pasted onto an extract with proceedings",
    expected: "modified (PDF); valid for the pasted extract's data (photo or QR text)",
    because:
      "PDF: REVISION_NOT_FOUND. Photo: the paper is not checked, and the report names the other debtor and shows 0 proceedings, to compare with the paper",
    seeAlso: [
      {
        file: "test/e2e/tamper.test.ts",
        test: "the QR of another genuine extract stamped onto this one is modified, showing the other's data",
      },
    ],
  },
  {
    id: "F03",
    attack:
      "a seal anchored in a registry the attacker deployed on the same chain (they hold its issuer role)",
    expected: "invalid",
    because: "REGISTRY_TRUSTED invalid (UNKNOWN_REGISTRY); no issuer name shown",
    seeAlso: [
      {
        file: "test/e2e/service.test.ts",
        test: "a seal anchored in a registry outside the trust list is invalid",
      },
    ],
  },
  {
    id: "F04",
    attack:
      "a forged seal naming the trusted registry, with a valid Merkle proof to a root that was never anchored",
    expected: "invalid",
    because: "MERKLE_PROOF valid, ROOT_ANCHORED invalid (NOT_ANCHORED)",
    seeAlso: [{ file: "test/e2e/service.test.ts", test: "a seal whose root was never anchored is invalid" }],
  },
  {
    id: "F05",
    attack:
      "an inner Merkle node of a genuine anchored batch presented as a leaf (its 64-byte preimage as the seal, the rest of the genuine proof)",
    expected: "invalid",
    because:
      "SEAL_FORMAT invalid: no seal body is a node's preimage, and leaves are hashed twice, so the contract's verify() refuses the node as a seal digest too",
    seeAlso: [
      {
        file: "test/contract/registry.test.ts",
        test: "an inner node presented as a seal digest is rejected, because the contract hashes the leaf itself",
      },
    ],
  },
  {
    id: "F06",
    attack: "an extract revoked by its office, presented as PDF and as QR text",
    expected: "revoked",
    because:
      "LEAF_NOT_REVOKED invalid (its reason, e.g. ISSUED_IN_ERROR), with the revocation's date and reason",
  },
  {
    id: "F07",
    attack:
      "a seal in the trusted registry anchored by an account then withdrawn from that time on (a stolen key)",
    expected: "invalid",
    because:
      "ISSUER_AUTHORISED invalid (ISSUER_NOT_AUTHORISED); a retired issuer's earlier roots (a key rotation) stay valid",
    seeAlso: [
      {
        file: "test/contract/governance.test.ts",
        test: "scheduled, it waits for the timelock's delay; executed, roots before T stay authorised and later ones are not",
      },
    ],
  },
  {
    id: "F08",
    attack: "a genuine QR replayed on a different person's PDF",
    expected: "modified (PDF); valid for the QR's own person (photo or QR text)",
    because:
      "PDF: REVISION_NOT_FOUND, and the report names the QR's person, not the PDF's. Photo: the name shown differs from the paper's",
  },
  {
    id: "F09",
    attack:
      "a genuine PDF given JavaScript (an /OpenAction) or an embedded file in a later incremental update",
    expected: "modified",
    because:
      "PDF_INTEGRITY invalid (EXTRA_CHANGES): nothing may follow the stamp; the verifier never runs the file",
  },
  {
    id: "F10",
    attack:
      "office API calls with the bearer token missing, wrong, or of another office (issue, status, PDF, QR, revoke, batch, bulk, listing)",
    expected: "401 UNAUTHENTICATED (missing, wrong); 403 FORBIDDEN (another office)",
    because:
      "nothing is issued, revoked or disclosed: the extract stays valid and absent from the other office's listing",
    seeAlso: [
      {
        file: "test/issuer/http.test.ts",
        test: "auth: every issuing route answers 401 without a token and 403 with another office's token",
      },
    ],
  },
  {
    id: "F11",
    attack: "an account without the issuer role calling anchor() directly on the registry",
    expected: "the transaction reverts; its seals are invalid",
    because: "CHAIN_REVERTED AccessControlUnauthorizedAccount; ROOT_ANCHORED invalid (NOT_ANCHORED)",
    seeAlso: [
      { file: "test/contract/registry.test.ts", test: "an account without the issuer role cannot anchor" },
    ],
  },
  {
    id: "F12",
    attack:
      "a photo of a genuine extract's page 1 that PDF readers also open as a forged PDF: %PDF-1.7 in a JPEG comment right after SOI (or a PNG tEXt chunk), the forged PDF after the picture, sent raw or as multipart",
    expected: "modified, never valid; a phone's motion photo (a video after the picture) stays a valid photo",
    because:
      "a file with %PDF- in its first 1,024 bytes is checked as a PDF: PDF_INTEGRITY invalid (REVISION_NOT_FOUND), source pdf. A picture holding a PDF further on, or sent as a PDF (application/pdf, a .pdf name), is checked as a photo but PDF_INTEGRITY is invalid (IMAGE_AS_PDF)",
    seeAlso: [
      {
        file: "test/verifier/verdicts.test.ts",
        test: "an image holding a PDF further on, or sent as a PDF, is modified: IMAGE_AS_PDF",
      },
      {
        file: "test/browser/verify.test.ts",
        test: "never shows `valid` for a .pdf upload that is a picture, nor for a picture that is also a PDF",
      },
    ],
  },
  {
    id: "F13",
    attack:
      "a genuine extract re-stamped by the documented stamp v1 format with its own seal behind another host (https://other-host.example/v#…), as the bare seal, or with spaces around it, so the printed QR sends phones elsewhere",
    expected: "modified (PDF); valid with the unofficial-address warning (photo or QR text)",
    because:
      "only revision 1 stamped with the seal behind the registry's official verification address (trust list) passes: PDF_INTEGRITY invalid (UNOFFICIAL_QR_TEXT); the warning's params name the address the QR opens and the official one",
    seeAlso: [
      {
        file: "test/e2e/bulk-cli.test.ts",
        test: "sceau issue run again with another SCEAU_PUBLIC_URL writes the same bytes; the re-stamped file is modified",
      },
      {
        file: "test/verifier/verdicts.test.ts",
        test: "re-stamped with another host, the bare seal or white space around it: modified, UNOFFICIAL_QR_TEXT",
      },
    ],
  },
  {
    id: "F14",
    attack:
      "a debtor's last name carrying a right-to-left override (U+202E), so that the verification page would show another name than the PDF: sent through the office API, and in a seal crafted with it and anchored in the trusted registry with the issuer's key",
    expected: "400 VALIDATION_FAILED (intake); invalid (the crafted seal, as QR text and as a PDF)",
    because:
      "intake refuses format, private-use and unassigned characters at the field's path (debtor.lastName, naming U+202E); SEAL_FORMAT invalid (SEAL_FIELD_INVALID): the decoder refuses them too, so no key data are shown; the pages put every value in its own bidi isolate",
    seeAlso: [
      {
        file: "src/core/extract.test.ts",
        test: "a format, private-use or unassigned character inside any text field is refused at its path",
      },
      {
        file: "src/core/seal.test.ts",
        test: "any format, private-use or unassigned character in a text field is SEAL_FIELD_INVALID",
      },
      {
        file: "test/browser/verify.test.ts",
        test: "a name with a right-to-left override does not reorder the text around it (issue 11)",
      },
    ],
  },
];

/** The test name of a case: `F01 text of the PDF altered ...: modified`. */
export function caseTitle(id: string): string {
  const c = CATALOGUE.find((x) => x.id === id);
  if (!c) throw new Error(`No catalogue case ${id}.`);
  return `${c.id} ${c.attack}: ${c.expected}`;
}
