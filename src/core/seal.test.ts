import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { toHex } from "./bytes.ts";
import { SceauError } from "./errors.ts";
import { leafHash } from "./merkle.ts";
import {
  decodeQrText,
  formatDocumentId,
  parseDocumentId,
  parseQrText,
  qrTextToSealBytes,
  sameAddress,
  sealToQrText,
} from "./qr-text.ts";
import { MAX_SEAL_LENGTH, decodeSeal, encodeSeal, encodeSealBody, type Seal } from "./seal.ts";
import { isPrintableText } from "./text.ts";
import { NAMED_FORMAT_CHARACTERS, forbiddenCharacter } from "../../test/helpers/unicode.ts";
import { COMPANY_SEAL, PERSON_SEAL } from "../../test/vectors/seal-v1.ts";

// Frozen: see test/vectors/seal-v1.ts. Never edit these to make a test pass.
const PERSON_HEX =
  "0x01e9f401a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b310111213141516171819404142434445464748494a4b4c4d4e4f6b02d9400b6a752d64656c656d6f6e74011044766fc599c3a16b2dc39872737465640fc581756b61737a20c390757269c4870f826e434804323830300944656cc3a96d6f6e740fcb760fd5760302bac40701d08603c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf02deadbeef000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";
const PERSON_LEAF = "0x3d8d7d619a30976334bc37f9ff9c62a3b9949c700df925d6d5bc268708a04613";
const COMPANY_HEX =
  "0x01010102030405060708090a0b0c0d0e0f1011121314f0f1f2f3f4f5f6f7f8f9808182838485868788898a8b8c8d8e8f0000000002676502134dc3bc6c6c657220262053c3b6686e6520414706842137434804313230340747656ec3a876650ed821176f9f000000000000000000000000000000000000000000000000000000000000000000000000000000000000";
const COMPANY_LEAF = "0x2900142fafc3d851da9870d54f0daa81a80dbe42960e63d8c0227d2119b7450f";
const COMPANY_QR =
  "https://verify.example.ch/v#AEAQCAQDAQCQMBYIBEFAWDANBYHRAEISCMKPB4PS6P2PL5XX7D4YBAMCQOCILBUHRCEYVC4MRWHI6AAAAAAAEZ3FAIJU3Q54NRWGK4RAEYQFHQ5WNBXGKICBI4DIIIJXINEAIMJSGA2AOR3FN3B2Q5TFB3MCCF3PT4AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

const bytesOf = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.slice(2), "hex"));

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof SceauError) return e.code;
    throw e;
  }
  return "no error";
}

describe("seal v1 frozen vectors", () => {
  test("a person's seal encodes to the frozen bytes and leaf", () => {
    expect(toHex(encodeSeal(PERSON_SEAL))).toBe(PERSON_HEX);
    expect(toHex(leafHash(encodeSealBody(PERSON_SEAL.body)))).toBe(PERSON_LEAF);
  });

  test("a company's seal encodes to the frozen bytes, leaf and QR text", () => {
    const bytes = encodeSeal(COMPANY_SEAL);
    expect(toHex(bytes)).toBe(COMPANY_HEX);
    expect(toHex(leafHash(encodeSealBody(COMPANY_SEAL.body)))).toBe(COMPANY_LEAF);
    expect(sealToQrText(bytes, "https://verify.example.ch/")).toBe(COMPANY_QR);
  });

  test("the frozen bytes decode back to the same seal", () => {
    expect(decodeSeal(bytesOf(PERSON_HEX)).seal).toEqual(PERSON_SEAL);
    expect(decodeQrText(COMPANY_QR).seal).toEqual(COMPANY_SEAL);
  });

  test("the decoded body bytes are exactly the hashed prefix", () => {
    const { bodyBytes } = decodeSeal(bytesOf(PERSON_HEX));
    expect(toHex(leafHash(bodyBytes))).toBe(PERSON_LEAF);
  });
});

// Text intake accepts: no format, private-use or unassigned characters (src/core/text.ts).
const arbText = (max: number) =>
  fc
    .string({ unit: "grapheme", minLength: 1, maxLength: max })
    .map((s) => s.normalize("NFC"))
    .filter(isPrintableText);
const arbDate = fc
  .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2999-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const arbBytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const arbSeal: fc.Arbitrary<Seal> = fc.record({
  body: fc.record({
    registry: fc.record({
      chainId: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      address: arbBytes(20),
    }),
    documentId: arbBytes(10),
    salt: arbBytes(16),
    issuedAt: fc.integer({ min: 0, max: 0xffffffff }),
    office: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,31}$/),
    debtor: fc.oneof(
      fc.record({
        type: fc.constant("person" as const),
        lastName: arbText(40),
        firstNames: arbText(40),
        dateOfBirth: arbDate,
      }),
      fc.record({
        type: fc.constant("company" as const),
        name: arbText(60),
        uid: fc.integer({ min: 0, max: 999_999_999 }).map((n) => {
          const d = String(n).padStart(9, "0");
          return `CHE-${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`;
        }),
      }),
    ),
    country: fc.stringMatching(/^[A-Z]{2}$/),
    postalCode: arbText(10),
    town: arbText(40),
    coverage: fc.record({ from: arbDate, to: arbDate }),
    summary: fc.record({
      entries: fc.nat(),
      openEntries: fc.nat(),
      openAmountCents: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      lossCertificates: fc.nat(),
      lossAmountCents: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    }),
    pdfDigest: arbBytes(32),
  }),
  rootHint: arbBytes(4),
  proof: fc.array(arbBytes(32), { maxLength: 12 }),
});

const runs = process.env.CI ? 2000 : 300;

describe("seal v1 properties", () => {
  test("decoding an encoded seal gives it back unchanged", () => {
    fc.assert(
      fc.property(arbSeal, (seal) => {
        expect(decodeSeal(encodeSeal(seal)).seal).toEqual(seal);
      }),
      { numRuns: runs },
    );
  });

  test("QR text round-trips through the URL fragment and as bare base32", () => {
    fc.assert(
      fc.property(arbSeal, (seal) => {
        const bytes = encodeSeal(seal);
        const text = sealToQrText(bytes, "https://verify.sceau.ch");
        expect(qrTextToSealBytes(text)).toEqual(bytes);
        expect(qrTextToSealBytes(text.slice(text.indexOf("#") + 1))).toEqual(bytes);
      }),
      { numRuns: runs },
    );
  });

  test("every strict prefix of a seal is rejected as truncated", () => {
    const bytes = encodeSeal(PERSON_SEAL);
    for (let n = 1; n < bytes.length; n++) {
      expect(codeOf(() => decodeSeal(bytes.slice(0, n)))).toBe("SEAL_TRUNCATED");
    }
  });

  test("random bytes never crash the decoder: they decode or fail with a seal error code", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const code = codeOf(() => decodeSeal(Uint8Array.of(1, ...bytes)));
        expect(["no error", "SEAL_TRUNCATED", "SEAL_FIELD_INVALID", "SEAL_TRAILING_BYTES"]).toContain(code);
      }),
      { numRuns: runs * 5 },
    );
  });

  test("changing any body byte changes the leaf or breaks decoding", () => {
    const bytes = encodeSeal(PERSON_SEAL);
    const bodyLength = encodeSealBody(PERSON_SEAL.body).length;
    for (let i = 0; i < bodyLength; i++) {
      const mutated = bytes.slice();
      mutated[i] = (mutated[i] ?? 0) ^ 0x01;
      let decoded: ReturnType<typeof decodeSeal>;
      try {
        decoded = decodeSeal(mutated);
      } catch {
        continue;
      }
      expect(toHex(leafHash(decoded.bodyBytes))).not.toBe(PERSON_LEAF);
    }
  });
});

describe("seal v1 rejects hostile input with distinct codes", () => {
  const good = bytesOf(PERSON_HEX);
  test.each([
    ["empty input", new Uint8Array(0), "SEAL_EMPTY"],
    ["version 0", Uint8Array.of(0, ...good.slice(1)), "SEAL_UNKNOWN_VERSION"],
    ["version 2", Uint8Array.of(2, ...good.slice(1)), "SEAL_UNKNOWN_VERSION"],
    ["a trailing byte", Uint8Array.of(...good, 0), "SEAL_TRAILING_BYTES"],
    ["one byte cut off", good.slice(0, -1), "SEAL_TRUNCATED"],
    ["more than the maximum length", new Uint8Array(MAX_SEAL_LENGTH + 1).fill(1), "SEAL_TOO_LARGE"],
    ["chain id 0", Uint8Array.of(1, 0), "SEAL_FIELD_INVALID"],
    ["an overlong varint chain id", Uint8Array.of(1, 0x81, 0x00), "SEAL_FIELD_INVALID"],
    [
      "a varint chain id above 2^53",
      Uint8Array.of(1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f),
      "SEAL_FIELD_INVALID",
    ],
  ])("%s", (_name, bytes, code) => {
    expect(codeOf(() => decodeSeal(bytes))).toBe(code);
  });

  test("invalid UTF-8 in a name is SEAL_FIELD_INVALID", () => {
    const bytes = encodeSeal({
      ...PERSON_SEAL,
      body: {
        ...PERSON_SEAL.body,
        debtor: { type: "person", lastName: "ZZ", firstNames: "C", dateOfBirth: "2000-01-01" },
      },
    });
    const at = Buffer.from(bytes).indexOf(Buffer.from("ZZ"));
    bytes[at] = 0xff;
    expect(codeOf(() => decodeSeal(bytes))).toBe("SEAL_FIELD_INVALID");
  });

  test("an impossible date (31 February) is SEAL_FIELD_INVALID", () => {
    const bytes = encodeSeal(PERSON_SEAL);
    const body = encodeSealBody(PERSON_SEAL.body);
    // Date of birth is the 3 bytes before the country code "CH" of the person's seal.
    const ch = Buffer.from(body).indexOf(Buffer.from("CH"));
    const packed = (1985 << 9) | (2 << 5) | 31;
    bytes.set([packed >>> 16, (packed >>> 8) & 0xff, packed & 0xff], ch - 3);
    expect(codeOf(() => decodeSeal(bytes))).toBe("SEAL_FIELD_INVALID");
  });

  test("a proof longer than 32 levels is SEAL_FIELD_INVALID", () => {
    const body = encodeSealBody(PERSON_SEAL.body);
    expect(codeOf(() => decodeSeal(Uint8Array.of(...body, 33)))).toBe("SEAL_FIELD_INVALID");
  });

  test.each([127, 128, 599, 600])("a name of %i UTF-8 bytes round-trips with its length prefix", (n) => {
    const lastName = "é".repeat(n >> 1) + "x".repeat(n & 1);
    const seal = {
      ...PERSON_SEAL,
      body: { ...PERSON_SEAL.body, debtor: { ...PERSON_SEAL.body.debtor, lastName } },
    };
    expect(decodeSeal(encodeSeal(seal as typeof PERSON_SEAL)).seal).toEqual(seal);
  });

  test("a name over 600 UTF-8 bytes cannot be sealed: SEAL_FIELD_INVALID", () => {
    for (const lastName of ["é".repeat(301), "x".repeat(601), "x".repeat(100_000)]) {
      const body = { ...PERSON_SEAL.body, debtor: { ...PERSON_SEAL.body.debtor, lastName } };
      expect(codeOf(() => encodeSealBody(body as typeof PERSON_SEAL.body))).toBe("SEAL_FIELD_INVALID");
    }
  });

  test.each([
    ["text without a seal", "https://verify.example.ch/v#", "QR_TEXT_INVALID"],
    ["lower-case base32", COMPANY_QR.toLowerCase(), "QR_TEXT_INVALID"],
    ["a foreign URL", "https://example.com/?q=1", "QR_TEXT_INVALID"],
    ["base64 instead of base32", "https://verify.example.ch/v#AQE_-a", "QR_TEXT_INVALID"],
    ["a huge fragment", `x#${"A".repeat(10_000)}`, "SEAL_TOO_LARGE"],
  ])("%s", (_name, text, code) => {
    expect(codeOf(() => decodeQrText(text))).toBe(code);
  });
});

describe("QR text: a verification link or the bare seal, nothing else", () => {
  const seal = COMPANY_QR.slice(COMPANY_QR.indexOf("#") + 1);

  test("behavior: the link gives its verification address, the bare seal none; white space around is ignored", () => {
    expect(parseQrText(COMPANY_QR)).toEqual({ address: "https://verify.example.ch/v", seal });
    expect(parseQrText(seal)).toEqual({ address: null, seal });
    expect(parseQrText(` ${COMPANY_QR}\r\n`)).toEqual({ address: "https://verify.example.ch/v", seal });
    for (const address of [
      "http://127.0.0.1:8080/v",
      "https://verify.example.ch/sceau/v",
      "HTTPS://VERIFY.EXAMPLE.CH/v",
      "https://[::1]:8443/v",
      "https://xn--prfung-gua.example/v",
    ]) {
      expect(parseQrText(`${address}#${seal}`).address).toBe(address);
    }
  });

  test.each([
    ["another scheme", `ftp://verify.example.ch/v#${seal}`],
    ["a script", `javascript:alert(1)//v#${seal}`],
    ["a data URL", `data:text/html,x/v#${seal}`],
    ["a user name before the host", `https://verify.example.ch@evil.example/v#${seal}`],
    ["a query", `https://verify.example.ch/v?next=x#${seal}`],
    ["another page", `https://verify.example.ch/check#${seal}`],
    ["the page in upper case", `https://verify.example.ch/V#${seal}`],
    ["no host", `https:///v#${seal}`],
    ["white space inside", `https://verify.example.ch /v#${seal}`],
    ["nothing before the #", `#${seal}`],
  ])("error: a seal behind %s is QR_LINK_INVALID", (_name, text) => {
    expect(codeOf(() => parseQrText(text))).toBe("QR_LINK_INVALID");
    expect(codeOf(() => decodeQrText(text))).toBe("QR_LINK_INVALID");
  });

  test("error: text without a seal stays QR_TEXT_INVALID", () => {
    expect(codeOf(() => decodeQrText("https://example.com/menu"))).toBe("QR_TEXT_INVALID");
    expect(codeOf(() => decodeQrText("https://verify.example.ch/v#"))).toBe("QR_TEXT_INVALID");
  });

  test("behavior: addresses compare by scheme and host in any case, the path exactly", () => {
    expect(sameAddress("https://Verify.Example.ch/v", "HTTPS://verify.example.ch/v")).toBe(true);
    expect(sameAddress("https://verify.example.ch/v", "http://verify.example.ch/v")).toBe(false);
    expect(sameAddress("https://verify.example.ch/a/v", "https://verify.example.ch/A/v")).toBe(false);
    expect(sameAddress("https://verify.example.ch.evil.example/v", "https://verify.example.ch/v")).toBe(
      false,
    );
  });
});

describe("seal v1 refuses the characters intake refuses (issue 11, finding 3)", () => {
  /**
   * A seal as a forger would write it, bypassing the encoder's own check: encoded with a
   * placeholder of the same UTF-8 length, whose bytes are then replaced by the character's.
   */
  function crafted(field: "lastName" | "firstNames" | "town" | "postalCode", ch: string): Uint8Array {
    const bytes = Buffer.from(ch, "utf8");
    const placeholder = "~".repeat(bytes.length);
    const text = (v: string): string => `Me${v}ier`;
    const body = { ...PERSON_SEAL.body, debtor: { ...PERSON_SEAL.body.debtor } } as any;
    if (field === "lastName" || field === "firstNames") body.debtor[field] = text(placeholder);
    else body[field] = text(placeholder);
    const seal = Buffer.from(encodeSeal({ ...PERSON_SEAL, body }));
    const at = seal.indexOf(Buffer.from(text(placeholder)));
    expect(at).toBeGreaterThan(0);
    bytes.copy(seal, at + 2);
    return new Uint8Array(seal);
  }

  test("a seal crafted with a right-to-left override in the last name is SEAL_FIELD_INVALID", () => {
    const bytes = crafted("lastName", "‮");
    expect(Buffer.from(bytes).includes(Buffer.from("Me‮ier"))).toBe(true);
    expect(codeOf(() => decodeSeal(bytes))).toBe("SEAL_FIELD_INVALID");
    expect(codeOf(() => decodeQrText(sealToQrText(bytes, "https://verify.example.ch")))).toBe(
      "SEAL_FIELD_INVALID",
    );
  });

  test("any format, private-use or unassigned character in a text field is SEAL_FIELD_INVALID", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("lastName" as const, "firstNames" as const, "town" as const, "postalCode" as const),
        fc.oneof(forbiddenCharacter, fc.constantFrom(...NAMED_FORMAT_CHARACTERS)),
        (field, ch) => {
          expect(codeOf(() => decodeSeal(crafted(field, ch)))).toBe("SEAL_FIELD_INVALID");
        },
      ),
      { numRuns: runs * 2 },
    );
  });

  test("the encoder refuses them too, so no issued seal can fail to decode", () => {
    for (const ch of NAMED_FORMAT_CHARACTERS) {
      const body = { ...PERSON_SEAL.body, town: `Del${ch}émont` };
      expect(
        codeOf(() => encodeSealBody(body)),
        JSON.stringify(ch),
      ).toBe("SEAL_FIELD_INVALID");
    }
  });
});

describe("document ids", () => {
  test("print as four groups of four and parse back in any case", () => {
    const id = formatDocumentId(PERSON_SEAL.body.documentId);
    expect(id).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
    expect(parseDocumentId(id.toLowerCase())).toEqual(PERSON_SEAL.body.documentId);
  });
});
