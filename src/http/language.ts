/**
 * The language of an answer: negotiated from `?lang=` and `Accept-Language`, and the
 * verification errors a person reads worded in it.
 * @module
 */
import { isVerifyErrorCode, SceauError } from "../core/errors.ts";
import { LANGUAGES, type Language } from "../core/extract.ts";
import { DEFAULT_LANGUAGE, VERIFY_ERROR_MESSAGES } from "../core/messages.ts";

/**
 * The response language: `?lang=` when it names one of ours, else the first of ours in
 * `Accept-Language` by quality (`de-CH` counts as `de`), else English.
 */
export function negotiateLanguage(query: unknown, acceptLanguage: string | undefined): Language {
  if (typeof query === "string") {
    const q = query.trim().toLowerCase().slice(0, 2);
    if ((LANGUAGES as readonly string[]).includes(q)) return q as Language;
  }
  if (!acceptLanguage) return DEFAULT_LANGUAGE;
  const ranked = acceptLanguage
    .slice(0, 512)
    .split(",")
    .slice(0, 32)
    .map((part, index) => {
      const [tag = "", ...rest] = part.trim().split(";");
      const qParam = rest.map((r) => r.trim()).find((r) => r.startsWith("q="));
      const quality = qParam ? Number(qParam.slice(2)) : 1;
      return {
        lang: tag.trim().toLowerCase().split("-")[0] ?? "",
        quality: Number.isFinite(quality) ? quality : 0,
        index,
      };
    })
    .filter((x) => x.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const r of ranked) if ((LANGUAGES as readonly string[]).includes(r.lang)) return r.lang as Language;
  return DEFAULT_LANGUAGE;
}

/** The verification errors a person sees, in their language; the English detail is kept. */
export function localiseError(e: unknown, lang: Language): unknown {
  if (!(e instanceof SceauError) || !isVerifyErrorCode(e.code)) return e;
  const details =
    typeof e.details === "object" && e.details !== null
      ? { ...e.details, detail: e.message }
      : { detail: e.message };
  return new SceauError(e.code, VERIFY_ERROR_MESSAGES[lang][e.code], { details, cause: e });
}
