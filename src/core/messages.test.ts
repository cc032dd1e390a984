import { describe, expect, test } from "vitest";
import { VERIFY_ERROR_CODES } from "./errors.ts";
import { LANGUAGES } from "./extract.ts";
import {
  checkMessage,
  formatDateTime,
  MESSAGE_KEYS,
  reasonWords,
  VERDICT_MESSAGES,
  verdictSummary,
  VERIFY_ERROR_MESSAGES,
  WARNING_MESSAGES,
} from "./messages.ts";
import { CHECK_CODES, type CheckCode, type MessageParams } from "./verdict.ts";

const PARAMS: MessageParams = {
  version: 1,
  registry: "REGISTRY-NAME",
  address: "0xADDRESS",
  chainId: 31337,
  levels: 6,
  root: "0xROOT",
  issuer: "0xISSUER",
  anchoredAt: "2026-11-22T12:00:00.000Z",
  blockNumber: 4242,
  revokedAt: "2026-11-23T08:15:00.000Z",
  revocationReason: "court-order",
  ageDays: 17,
  maxAgeDays: 90,
  confirmations: 3,
  minConfirmations: 6,
  error: "CHAIN_UNAVAILABLE",
};

/** The check a message key stands for. */
function checkOf(key: string): { code: CheckCode; status: string; reason?: string; params: MessageParams } {
  const [code, variant] = key.split(".") as [CheckCode, string];
  if (variant === "valid" || variant === "skipped") return { code, status: variant, params: PARAMS };
  const status =
    variant === "CHAIN_UNAVAILABLE"
      ? "error"
      : ["NO_FILE", "IMAGE"].includes(variant)
        ? "skipped"
        : "invalid";
  return { code, status, reason: variant === "REVOKED" ? "COURT_ORDER" : variant, params: PARAMS };
}

describe("verification messages", () => {
  test("every check code has a message for valid, and every key exists in every language", () => {
    for (const code of CHECK_CODES) expect(MESSAGE_KEYS).toContain(`${code}.valid`);
    for (const lang of LANGUAGES) {
      for (const key of MESSAGE_KEYS) {
        const text = checkMessage(lang, checkOf(key));
        expect(text, `${lang} ${key}`).toBeTruthy();
        expect(text).not.toMatch(/undefined|NaN|\?\s|\$\{/);
      }
    }
  });

  test("every language shows the same facts: a message never drops a parameter English shows", () => {
    const shown = (text: string): string[] =>
      [
        "REGISTRY-NAME",
        "0xADDRESS",
        "31337",
        "0xROOT",
        "0xISSUER",
        "4242",
        "17",
        "90",
        "CHAIN_UNAVAILABLE",
      ].filter((v) => text.includes(v));
    for (const key of MESSAGE_KEYS) {
      const en = shown(checkMessage("en", checkOf(key)) ?? "");
      for (const lang of LANGUAGES)
        expect(shown(checkMessage(lang, checkOf(key)) ?? ""), `${lang} ${key}`).toEqual(en);
    }
  });

  test("translations are translations: no message of fr, de or it is the English one", () => {
    for (const key of MESSAGE_KEYS) {
      const en = checkMessage("en", checkOf(key));
      for (const lang of ["fr", "de", "it"] as const)
        expect(checkMessage(lang, checkOf(key)), `${lang} ${key}`).not.toBe(en);
    }
    for (const lang of ["fr", "de", "it"] as const) {
      expect(Object.values(VERDICT_MESSAGES[lang])).not.toContain(VERDICT_MESSAGES.en.valid);
      for (const code of VERIFY_ERROR_CODES)
        expect(VERIFY_ERROR_MESSAGES[lang][code]).not.toBe(VERIFY_ERROR_MESSAGES.en[code]);
      expect(WARNING_MESSAGES[lang].stale).not.toBe(WARNING_MESSAGES.en.stale);
    }
  });

  test("behavior: singular and plural are worded correctly", () => {
    const fresh = (ageDays: number, lang: "en" | "fr" | "de" | "it") =>
      checkMessage(lang, { code: "FRESHNESS", status: "valid", params: { ageDays } });
    expect(fresh(1, "en")).toBe("The extract is 1 day old.");
    expect(fresh(2, "en")).toBe("The extract is 2 days old.");
    expect(fresh(0, "fr")).toBe("L'extrait a été émis aujourd'hui.");
    expect(fresh(1, "fr")).toBe("L'extrait date de 1 jour.");
    expect(fresh(2, "fr")).toBe("L'extrait date de 2 jours.");
    expect(fresh(1, "de")).toBe("Der Auszug ist 1 Tag alt.");
    expect(fresh(1, "it")).toBe("L'estratto ha 1 giorno.");
  });

  test("behavior: revocation reasons share one message per check, unknown reasons (a version 1 registry's) are named by their number", () => {
    const text = (lang: "de" | "en" | "fr" | "it"): string | null =>
      checkMessage(lang, {
        code: "LEAF_NOT_REVOKED",
        status: "invalid",
        reason: "CODE_9",
        params: { revokedAt: "2026-01-02T03:04:05Z", revocationReason: "code-9" },
      });
    expect(text("de")).toBe(
      "Dieser Auszug wurde am 02.01.2026 04:04 (Schweizer Zeit) widerrufen (ein Grund, den diese Prüfstelle nicht kennt, Code 9).",
    );
    expect(text("en")).toContain("(a reason this verifier does not know, code 9)");
    expect(text("fr")).toContain("code 9");
    expect(text("it")).toContain("codice 9");
    expect(reasonWords("court-order", "fr")).toBe("décision judiciaire");
    expect(reasonWords("weird", "en")).toBe("weird");
  });

  test("behavior: times are Swiss time, labelled, in every language (summer time included)", () => {
    expect(formatDateTime("2026-11-02T09:30:00.000Z", "fr")).toBe("02.11.2026 10:30 (heure suisse)");
    expect(formatDateTime("2026-07-02T09:30:00.000Z", "en")).toBe("02.07.2026 11:30 (Swiss time)");
    expect(formatDateTime("2026-11-02T23:30:00.000Z", "de")).toBe("03.11.2026 00:30 (Schweizer Zeit)");
    expect(formatDateTime("garbage", "de")).toBe("garbage");
  });

  test("every message renders with 0, 1 and 2 for each count, with no known grammar error", () => {
    const counts = ["levels", "ageDays", "maxAgeDays", "confirmations", "minConfirmations"] as const;
    // Errors once shipped, and agreement slips a plural switch prevents (French counts 0 as one).
    const wrong =
      /\b1 (days|jours|Tage|giorni|levels|niveaux|Stufen|livelli|confirmations|Bestätigungen|conferme)\b|\b2 (day|jour|Tag|giorno|level|niveau|Stufe|livello|confirmation|Bestätigung|conferma)\b|sceau Sceau|\{|\}|undefined|NaN/;
    for (const lang of LANGUAGES) {
      for (const key of MESSAGE_KEYS) {
        for (const value of [0, 1, 2]) {
          const base = checkOf(key);
          const params = { ...base.params, ...Object.fromEntries(counts.map((c) => [c, value])) };
          const text = checkMessage(lang, { ...base, params }) ?? "";
          expect(text, `${lang} ${key} ${value}`).not.toMatch(wrong);
          if (lang === "de") expect(text, "one German word for batch and chain").not.toMatch(/Batch|Chain\b/);
          if (lang !== "fr")
            expect(text).not.toMatch(
              /\b0 (day|Tag|giorno|level|Stufe|livello|confirmation|Bestätigung|conferma)\b/,
            );
        }
      }
      for (const v of ["valid", "modified", "revoked", "invalid", "unavailable"] as const) {
        for (const scope of ["document", "data"] as const) {
          for (const stale of [null, 0, 1, 2]) {
            expect(verdictSummary(lang, v, scope, stale), `${lang} ${v} ${scope} ${stale}`).not.toMatch(
              wrong,
            );
          }
        }
      }
    }
  });

  test("behavior: a copy's summary says the seal is genuine, never that the document is unchanged", () => {
    expect(verdictSummary("fr", "valid", "data", null)).toBe(
      "Sceau authentique : vérifiez que le papier dit la même chose.",
    );
    expect(verdictSummary("en", "valid", "data", null)).not.toMatch(/unchanged/);
    expect(verdictSummary("en", "valid", "document", null)).toBe(
      "Valid: the extract is genuine and unchanged.",
    );
    expect(verdictSummary("en", "valid", "data", 120)).toContain(
      "issued 120 days ago: ask for a recent extract",
    );
    expect(verdictSummary("de", "unavailable", "data", null)).toMatch(/^Zurzeit nicht prüfbar/);
  });
});
