/**
 * The extract's statement, the two sentences a landlord reads first: how many proceedings, how
 * many of them open and for how much, and the loss certificates. ICU MessageFormat through
 * `format.ts`, so every count agrees with its noun ("Aucune poursuite", "1 poursuite",
 * "2 poursuites") and its gender (it. "nessuna esecuzione", "nessun attestato"). The paper
 * (layout v2) prints exactly these sentences, and the verification page shows them beside the
 * sealed key data so that the two can be compared word for word.
 * @module
 */
import type { Language } from "./extract.ts";
import { say, type Message } from "./format.ts";
import type { SealSummary } from "./seal.ts";
import { swissAmount } from "./swiss.ts";

/** `{entries}` proceedings, `{open}` of them open for `{amount}` (the open amount). */
const PROCEEDINGS: Message = {
  fr:
    "{entries, plural, =0 {Aucune poursuite enregistrée.}" +
    " one {# poursuite enregistrée, {open, plural, =0 {qui n'est plus en cours.} other {en cours pour un montant de {amount}.}}}" +
    " other {# poursuites enregistrées, {open, plural, =0 {aucune en cours.} other {dont # en cours pour un montant de {amount}.}}}}",
  de:
    "{entries, plural, =0 {Keine Betreibungen verzeichnet.}" +
    " one {# Betreibung verzeichnet, {open, plural, =0 {nicht mehr offen.} other {offen über {amount}.}}}" +
    " other {# Betreibungen verzeichnet, {open, plural, =0 {keine davon offen.} one {davon # offen über {amount}.} other {davon # offen über insgesamt {amount}.}}}}",
  it:
    "{entries, plural, =0 {Nessuna esecuzione registrata.}" +
    " one {# esecuzione registrata, {open, plural, =0 {non più in corso.} other {in corso per un importo di {amount}.}}}" +
    " other {# esecuzioni registrate, {open, plural, =0 {nessuna in corso.} other {di cui # in corso per un importo di {amount}.}}}}",
  en:
    "{entries, plural, =0 {No debt collection proceedings registered.}" +
    " one {# proceeding registered, {open, plural, =0 {no longer open.} other {open for {amount}.}}}" +
    " other {# proceedings registered, {open, plural, =0 {none of them open.} one {# of them open for {amount}.} other {# of them open for a total of {amount}.}}}}",
};

/** `{count}` loss certificates for `{amount}` in all. */
const LOSSES: Message = {
  fr:
    "{count, plural, =0 {Aucun acte de défaut de biens.}" +
    " one {# acte de défaut de biens pour un montant de {amount}.}" +
    " other {# actes de défaut de biens pour un total de {amount}.}}",
  de:
    "{count, plural, =0 {Keine Verlustscheine.}" +
    " one {# Verlustschein über {amount}.}" +
    " other {# Verlustscheine über insgesamt {amount}.}}",
  it:
    "{count, plural, =0 {Nessun attestato di carenza di beni.}" +
    " one {# attestato di carenza di beni per un importo di {amount}.}" +
    " other {# attestati di carenza di beni per un totale di {amount}.}}",
  en:
    "{count, plural, =0 {No loss certificates.}" +
    " one {# loss certificate for {amount}.}" +
    " other {# loss certificates for a total of {amount}.}}",
};

/** The statement's two sentences (proceedings, then loss certificates), as printed. */
export function statementSentences(language: Language, s: SealSummary): readonly [string, string] {
  return [
    say(PROCEEDINGS, language, {
      entries: s.entries,
      open: s.openEntries,
      amount: swissAmount(s.openAmountCents),
    }),
    say(LOSSES, language, { count: s.lossCertificates, amount: swissAmount(s.lossAmountCents) }),
  ];
}

/**
 * The whole statement on one line, as the seal's key data read aloud:
 * "2 poursuites enregistrées, dont 1 en cours pour un montant de CHF 412.35. Aucun acte de défaut de biens."
 */
export function statementText(language: Language, s: SealSummary): string {
  return statementSentences(language, s).join(" ");
}
