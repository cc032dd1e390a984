import fc from "fast-check";
import { getAddress } from "ethers";
import { describe, expect, test } from "vitest";
import { checksumAddress } from "./address.ts";
import { base32Decode, base32Encode } from "./base32.ts";
import { toHex } from "./bytes.ts";
import { buildTree, getProof, leafHash } from "./merkle.ts";
import { sealToQrText } from "./qr-text.ts";
import { encodeSealBody, encodeSealWithBody } from "./seal.ts";
import type { ChainReading } from "./chain.ts";
import { checkSeal, completeVerification, type TrustEntry } from "./verify.ts";
import { PERSON_SEAL } from "../../test/vectors/seal-v1.ts";

const NOW = Date.UTC(2026, 10, 22, 12, 0) / 1000;
const policy = { maxAgeDays: 90, minConfirmations: 1 };
const trusted: TrustEntry = {
  chainId: PERSON_SEAL.body.registry.chainId,
  address: getAddress(toHex(PERSON_SEAL.body.registry.address)),
  name: "Canton du Jura",
  verifyUrl: "https://v.example",
};

function issue(): { text: string; root: Uint8Array } {
  const bytes = encodeSealBody(PERSON_SEAL.body);
  const tree = buildTree([leafHash(bytes), new Uint8Array(32).fill(3)]);
  return {
    text: sealToQrText(encodeSealWithBody(bytes, tree.root, getProof(tree, 0)), "https://v.example"),
    root: tree.root,
  };
}

const anchored: ChainReading = {
  status: {
    issuer: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    issuerAuthorised: true,
    anchoredAt: NOW - 60,
    rootRevokedAt: 0,
    rootRevocationReason: 0,
    leafRevokedAt: 0,
    leafRevocationReason: 0,
    blockNumber: 12,
  },
  event: { blockNumber: 10, txHash: `0x${"ab".repeat(32)}` },
  error: null,
};

describe("core verification (shared by the server and the page)", () => {
  test("checksum addresses are written as ethers writes them (EIP-55)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), (bytes) => {
        expect(checksumAddress(bytes)).toBe(getAddress(toHex(bytes)));
      }),
      { numRuns: 200 },
    );
  });

  test("the trust list is matched whatever the case of its addresses", () => {
    const { text } = issue();
    const lower = checkSeal(text, [{ ...trusted, address: trusted.address.toLowerCase() }]);
    expect(lower.registry?.name).toBe("Canton du Jura");
    expect(lower.askChain).toBe(true);
  });

  test("without the registry in the trust list: unknown issuer, the chain is not asked, invalid", () => {
    const first = checkSeal(issue().text, []);
    expect(first.askChain).toBe(false);
    const r = completeVerification(first, {
      source: "qr-text",
      chain: anchored,
      fileCheck: null,
      nowSeconds: NOW,
      policy,
    });
    expect(r.verdict).toBe("invalid");
    expect(r.checks.find((c) => c.code === "REGISTRY_TRUSTED")?.reason).toBe("UNKNOWN_REGISTRY");
    expect(
      r.checks
        .filter((c) => c.code.startsWith("ROOT_") || c.code === "LEAF_NOT_REVOKED")
        .map((c) => c.status),
    ).toEqual(["skipped", "skipped", "skipped"]);
  });

  test("chain facts given for a seal whose proof fails are not used: invalid, never valid", () => {
    const { text } = issue();
    const bytes = base32Decode(text.slice(text.indexOf("#") + 1));
    // A byte of the debtor's name: the seal still decodes, its proof no longer holds.
    bytes[80] = (bytes[80] ?? 0) ^ 0x01;
    const first = checkSeal(base32Encode(bytes), [trusted]);
    expect(first.decoded).not.toBeNull();
    expect(first.registry?.name).toBe("Canton du Jura");
    expect(first.askChain).toBe(false);
    const r = completeVerification(first, {
      source: "qr-text",
      chain: anchored,
      fileCheck: null,
      nowSeconds: NOW,
      policy,
    });
    expect(r.verdict).toBe("invalid");
    expect(r.anchor).toBeNull();
  });

  test("QR text with anchored facts: valid, every check in the page's language, the report complete", () => {
    const { text, root } = issue();
    const r = completeVerification(checkSeal(text, [trusted]), {
      source: "qr-text",
      chain: anchored,
      fileCheck: null,
      nowSeconds: NOW,
      policy,
      lang: "de",
    });
    expect(r.verdict).toBe("valid");
    expect(r.lang).toBe("de");
    expect(r.checks.map((c) => c.status)).toEqual([
      "valid",
      "valid",
      "valid",
      "valid",
      "valid",
      "valid",
      "valid",
      "skipped",
      "valid",
      "valid",
    ]);
    expect(r.checks.find((c) => c.code === "PDF_INTEGRITY")?.reason).toBe("NO_FILE");
    expect(r.checks.find((c) => c.code === "ROOT_NOT_REVOKED")?.message).toBe(
      "Der Stapel ist nicht widerrufen.",
    );
    expect(r.anchor).toMatchObject({ root: toHex(root), blockNumber: 10 });
    expect(r.issuer).toEqual({
      name: "Canton du Jura",
      chainId: trusted.chainId,
      registry: trusted.address,
      office: null,
    });
    expect(r.keyData?.debtor).toEqual(PERSON_SEAL.body.debtor);
  });

  test("a chain that cannot be read: unavailable, never invalid nor valid", () => {
    const r = completeVerification(checkSeal(issue().text, [trusted]), {
      source: "qr-text",
      chain: { status: null, event: null, error: "CHAIN_UNAVAILABLE" },
      fileCheck: null,
      nowSeconds: NOW,
      policy,
    });
    expect(r.verdict).toBe("unavailable");
  });

  test("a photo's file check is skipped as IMAGE; an extract older than the policy gets `stale`", () => {
    const r = completeVerification(checkSeal(issue().text, [trusted]), {
      source: "image",
      chain: anchored,
      fileCheck: null,
      nowSeconds: NOW + 100 * 86_400,
      policy,
    });
    expect(r.checks.find((c) => c.code === "PDF_INTEGRITY")?.reason).toBe("IMAGE");
    expect(r.verdict).toBe("valid");
    expect(r.warnings).toEqual(["stale"]);
  });
});
