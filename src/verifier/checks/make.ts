import { checkMessage, type MessageParams } from "../../core/messages.ts";
import type { Language } from "../../core/extract.ts";
import type { Check, CheckCode, CheckStatus } from "../../core/verdict.ts";

/** A check with its message in English; {@link localiseCheck} words it in another language. */
export function makeCheck(
  code: CheckCode,
  status: CheckStatus,
  extra: { readonly reason?: string; readonly params?: MessageParams } = {},
): Check {
  const base = {
    code,
    status,
    ...(extra.reason === undefined ? {} : { reason: extra.reason }),
    ...(extra.params === undefined ? {} : { params: extra.params }),
  };
  return { ...base, message: checkMessage("en", base) ?? `${code}: ${extra.reason ?? status}` };
}

export function localiseCheck(check: Check, lang: Language): Check {
  if (lang === "en") return check;
  return { ...check, message: checkMessage(lang, check) ?? check.message };
}
