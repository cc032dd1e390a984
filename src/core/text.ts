/**
 * Which characters a printed name, address or reference may hold. Intake (`extract.ts`) and the
 * seal codec (`seal.ts`) apply the same rule, so no seal can carry what intake would refuse.
 *
 * Refused, besides control characters, unpaired surrogates and line or paragraph separators:
 * - format characters (`\p{Cf}`): the bidirectional overrides, embeddings and isolates
 *   (U+202A–202E, U+2066–2069) that make "Meier\u202Egnilbbur" read differently on a page than
 *   in the PDF, and the invisible ones (U+200B–200D, U+2060, U+00AD, U+FEFF, tags...) that make
 *   "Mü\u200Bller" look exactly like "Müller" while sealing other bytes;
 * - private-use characters (`\p{Co}`): no two systems draw them alike;
 * - unassigned code points (`\p{Cn}`, noncharacters included): nobody can tell what they will be;
 * - the other default-ignorable code points (combining grapheme joiner, Hangul fillers,
 *   variation selectors): Unicode tells renderers to draw them as nothing.
 *
 * "Unassigned" is as of the Unicode version of the JavaScript engine (Node 22: Unicode 17), so a
 * verifier on a much older engine could refuse a seal with a character assigned since; names in
 * the scripts of the last years' additions are not expected on a Swiss extract.
 * @module
 */

const FORBIDDEN = /[\p{Cc}\p{Cs}\p{Cf}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}\u2028\u2029]/u;

/** The first character `text` may not hold, or null when it has none. */
export function forbiddenCharacter(
  text: string,
): { readonly codePoint: string; readonly index: number } | null {
  const m = FORBIDDEN.exec(text);
  if (!m) return null;
  const cp = m[0].codePointAt(0) ?? 0;
  return { codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`, index: m.index };
}

/** True when `text` holds no character {@link forbiddenCharacter} refuses. */
export function isPrintableText(text: string): boolean {
  return !FORBIDDEN.test(text);
}
