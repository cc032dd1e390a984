/**
 * Characters no printed name may hold (src/core/text.ts), by class, for property tests: every
 * format character, and samples across the private-use and unassigned code points, enumerated
 * from the engine's own Unicode tables (not from the rule under test).
 */
import fc from "fast-check";

function codePointsOf(pattern: RegExp): number[] {
  const out: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    // Surrogates are a class of their own (Cs), tested elsewhere.
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (pattern.test(String.fromCodePoint(cp))) out.push(cp);
  }
  return out;
}

const FORMAT = codePointsOf(/^\p{Cf}$/u);
const PRIVATE_USE = codePointsOf(/^\p{Co}$/u);
const UNASSIGNED = codePointsOf(/^\p{Cn}$/u);

/** The characters issue 11 names, each a format character. */
export const NAMED_FORMAT_CHARACTERS = [
  0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200b, 0x200c, 0x200d, 0x2060,
  0x00ad, 0xfeff, 0x200e, 0x200f, 0x061c,
].map((cp) => String.fromCodePoint(cp));

/** One forbidden character, as likely from each class: format, private use, unassigned. */
export const forbiddenCharacter: fc.Arbitrary<string> = fc
  .oneof(pick(FORMAT), pick(PRIVATE_USE), pick(UNASSIGNED))
  .map((cp) => String.fromCodePoint(cp));

function pick(codePoints: readonly number[]): fc.Arbitrary<number> {
  return fc.nat({ max: codePoints.length - 1 }).map((i) => codePoints[i] as number);
}

export const CLASS_SIZES = {
  format: FORMAT.length,
  privateUse: PRIVATE_USE.length,
  unassigned: UNASSIGNED.length,
};
