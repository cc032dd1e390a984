/**
 * Words with numbers and genders: every message people read is an ICU MessageFormat pattern
 * (`{count, plural, =0 {Aucune poursuite} one {# poursuite} other {# poursuites}}`), formatted by
 * intl-messageformat with the language's own plural rules (CLDR, through `Intl.PluralRules`).
 * One formatter for the pages, the PDF, the CLI and the API, so "1 lignes" cannot come back in one
 * place while fixed in another. intl-messageformat interprets the pattern (no `eval`), which the
 * pages' CSP requires.
 * @module
 */
import { IntlMessageFormat, type PrimitiveType } from "intl-messageformat";
import { SceauError } from "./errors.ts";
import type { Language } from "./extract.ts";

/** Values a pattern may show: numbers (plurals), strings (names, `select` for genders), dates as text. */
export type MessageValues = Readonly<Record<string, PrimitiveType>>;

/** One message in the four languages. */
export type Message = Readonly<Record<Language, string>>;

/** Locale each language formats numbers and plurals in (Swiss conventions). */
const LOCALE: Record<Language, string> = { fr: "fr-CH", de: "de-CH", it: "it-CH", en: "en-CH" };

const compiled = new Map<string, IntlMessageFormat>();

/**
 * `pattern` in `language` with `values`. Patterns are compiled once and kept (they come from the
 * code's own tables, a bounded set).
 * @throws {SceauError} `INTERNAL` for a malformed pattern or a value the pattern needs and lacks
 */
export function formatMessage(language: Language, pattern: string, values: MessageValues = {}): string {
  const key = `${language}\u0000${pattern}`;
  try {
    let format = compiled.get(key);
    if (format === undefined) {
      format = new IntlMessageFormat(pattern, LOCALE[language], undefined, { ignoreTag: true });
      compiled.set(key, format);
    }
    const out = format.format(values);
    if (typeof out === "string") return out;
  } catch (cause) {
    throw new SceauError("INTERNAL", `Message ${JSON.stringify(pattern)} could not be formatted.`, { cause });
  }
  throw new SceauError("INTERNAL", `Message ${JSON.stringify(pattern)} does not format to text.`);
}

/** `message` in `language` with `values`. */
export function say(message: Message, language: Language, values: MessageValues = {}): string {
  return formatMessage(language, message[language], values);
}
