import { describe, expect, test } from "vitest";
import type { Language } from "./extract.ts";
import { statementSentences, statementText } from "./statement.ts";

const summary = (entries: number, openEntries: number, lossCertificates: number) => ({
  entries,
  openEntries,
  openAmountCents: openEntries === 0 ? 0 : 41_235,
  lossCertificates,
  lossAmountCents: lossCertificates === 0 ? 0 : 184_035,
});

/** Proceedings and open ones: 0/0, 1/0, 1/1, 2/0, 2/1, 2/2. */
const PROCEEDINGS: Record<Language, readonly string[]> = {
  fr: [
    "Aucune poursuite enregistrée.",
    "1 poursuite enregistrée, qui n'est plus en cours.",
    "1 poursuite enregistrée, en cours pour un montant de CHF 412.35.",
    "2 poursuites enregistrées, aucune en cours.",
    "2 poursuites enregistrées, dont 1 en cours pour un montant de CHF 412.35.",
    "2 poursuites enregistrées, dont 2 en cours pour un montant de CHF 412.35.",
  ],
  de: [
    "Keine Betreibungen verzeichnet.",
    "1 Betreibung verzeichnet, nicht mehr offen.",
    "1 Betreibung verzeichnet, offen über CHF 412.35.",
    "2 Betreibungen verzeichnet, keine davon offen.",
    "2 Betreibungen verzeichnet, davon 1 offen über CHF 412.35.",
    "2 Betreibungen verzeichnet, davon 2 offen über insgesamt CHF 412.35.",
  ],
  it: [
    "Nessuna esecuzione registrata.",
    "1 esecuzione registrata, non più in corso.",
    "1 esecuzione registrata, in corso per un importo di CHF 412.35.",
    "2 esecuzioni registrate, nessuna in corso.",
    "2 esecuzioni registrate, di cui 1 in corso per un importo di CHF 412.35.",
    "2 esecuzioni registrate, di cui 2 in corso per un importo di CHF 412.35.",
  ],
  en: [
    "No debt collection proceedings registered.",
    "1 proceeding registered, no longer open.",
    "1 proceeding registered, open for CHF 412.35.",
    "2 proceedings registered, none of them open.",
    "2 proceedings registered, 1 of them open for CHF 412.35.",
    "2 proceedings registered, 2 of them open for a total of CHF 412.35.",
  ],
};

/** Loss certificates: 0, 1, 2. */
const LOSSES: Record<Language, readonly string[]> = {
  fr: [
    "Aucun acte de défaut de biens.",
    "1 acte de défaut de biens pour un montant de CHF 1'840.35.",
    "2 actes de défaut de biens pour un total de CHF 1'840.35.",
  ],
  de: [
    "Keine Verlustscheine.",
    "1 Verlustschein über CHF 1'840.35.",
    "2 Verlustscheine über insgesamt CHF 1'840.35.",
  ],
  it: [
    "Nessun attestato di carenza di beni.",
    "1 attestato di carenza di beni per un importo di CHF 1'840.35.",
    "2 attestati di carenza di beni per un totale di CHF 1'840.35.",
  ],
  en: [
    "No loss certificates.",
    "1 loss certificate for CHF 1'840.35.",
    "2 loss certificates for a total of CHF 1'840.35.",
  ],
};

const COUNTS = [
  [0, 0],
  [1, 0],
  [1, 1],
  [2, 0],
  [2, 1],
  [2, 2],
] as const;

describe("the statement's sentences", () => {
  test.each(["fr", "de", "it", "en"] as const)(
    "behavior: %s words 0, 1 and 2 proceedings, open ones and loss certificates with the right number and gender",
    (language) => {
      COUNTS.forEach(([entries, open], i) => {
        for (let losses = 0; losses <= 2; losses++) {
          expect(statementSentences(language, summary(entries, open, losses))).toEqual([
            PROCEEDINGS[language][i],
            LOSSES[language][losses],
          ]);
        }
      });
    },
  );

  test("behavior: the one-line statement is the two sentences as the seal's key data read them", () => {
    expect(statementText("fr", summary(2, 1, 0))).toBe(
      "2 poursuites enregistrées, dont 1 en cours pour un montant de CHF 412.35. Aucun acte de défaut de biens.",
    );
  });

  test("behavior: none of the known wrong forms comes back", () => {
    const all = (["fr", "de", "it", "en"] as const).flatMap((l) =>
      COUNTS.flatMap(([e, o]) => [0, 1, 2].flatMap((c) => statementSentences(l, summary(e, o, c)))),
    );
    for (const wrong of [
      /\b1 \w+es\b/,
      /\b0 /,
      /Aucune\.$/,
      /Aucun\.$/,
      /Nessuna\.$/,
      /Nessuno\.$/,
      /\b1 ancora aperte/,
    ])
      expect(
        all.filter((s) => wrong.test(s)),
        String(wrong),
      ).toEqual([]);
  });
});
