import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { base32Decode, base32Encode } from "./base32.ts";
import { utf8 } from "./bytes.ts";

describe("base32 (RFC 4648, no padding)", () => {
  // RFC 4648 §10 vectors, padding removed.
  test.each([
    ["", ""],
    ["f", "MY"],
    ["fo", "MZXQ"],
    ["foo", "MZXW6"],
    ["foob", "MZXW6YQ"],
    ["fooba", "MZXW6YTB"],
    ["foobar", "MZXW6YTBOI"],
  ])("encodes %j as %s", (plain, encoded) => {
    expect(base32Encode(utf8(plain))).toBe(encoded);
    expect(base32Decode(encoded)).toEqual(utf8(plain));
  });

  test("decoding an encoding gives the bytes back", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(base32Decode(base32Encode(b))).toEqual(b);
      }),
    );
  });

  test("rejects padding, lower case, foreign characters, impossible lengths and non-zero spare bits", () => {
    for (const bad of ["MY======", "my", "M1", "M", "MZX", "MZXW6Y", "MZ"]) {
      expect(() => base32Decode(bad), bad).toThrow();
    }
  });

  test("every byte string has exactly one accepted text", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.nat(), (b, k) => {
        const text = base32Encode(b);
        const i = k % text.length;
        const alt = text.slice(0, i) + (text[i] === "A" ? "B" : "A") + text.slice(i + 1);
        let decoded: Uint8Array;
        try {
          decoded = base32Decode(alt);
        } catch {
          return;
        }
        expect(decoded).not.toEqual(b);
      }),
    );
  });
});
