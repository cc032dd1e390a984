/**
 * What the console says about a bad field, by the issue's stable code (`FieldIssue.code`,
 * docs/api.md "Field issue codes"), in the console's language: the API's English `message` is
 * shown only for a code this table does not know (a newer server).
 * @module
 */
import type { FieldIssueCode, Language } from "../../core/extract.ts";
import { formatMessage, type Message } from "../../core/format.ts";
import { t } from "./state.ts";
import type { OfficeKey } from "./strings.ts";

export const FIELD_MESSAGES: Record<FieldIssueCode, Message> = {
  required: {
    en: "Fill in this field.",
    fr: "Ce champ est obligatoire.",
    de: "Bitte füllen Sie dieses Feld aus.",
    it: "Compilate questo campo.",
  },
  type: {
    en: "This value has the wrong form.",
    fr: "Cette valeur n'a pas la bonne forme.",
    de: "Dieser Wert hat nicht die richtige Form.",
    it: "Questo valore non ha la forma giusta.",
  },
  "unknown-field": {
    en: "Unknown fields: {keys}.",
    fr: "Champs inconnus : {keys}.",
    de: "Unbekannte Felder: {keys}.",
    it: "Campi sconosciuti: {keys}.",
  },
  "too-long": {
    en: "{max, plural, one {At most # character.} other {At most # characters.}}",
    fr: "{max, plural, one {# caractère au plus.} other {# caractères au plus.}}",
    de: "{max, plural, one {Höchstens # Zeichen.} other {Höchstens # Zeichen.}}",
    it: "{max, plural, one {Al massimo # carattere.} other {Al massimo # caratteri.}}",
  },
  "forbidden-character": {
    en: "Contains an invisible or control character ({codePoint}, position {position}). Type the text again rather than pasting it.",
    fr: "Contient un caractère invisible ou de contrôle ({codePoint}, position {position}). Retapez le texte au lieu de le coller.",
    de: "Enthält ein unsichtbares oder Steuerzeichen ({codePoint}, Stelle {position}). Tippen Sie den Text neu, statt ihn einzufügen.",
    it: "Contiene un carattere invisibile o di controllo ({codePoint}, posizione {position}). Digitate di nuovo il testo invece di incollarlo.",
  },
  date: {
    en: "Enter a valid date.",
    fr: "Saisissez une date valable.",
    de: "Geben Sie ein gültiges Datum ein.",
    it: "Inserite una data valida.",
  },
  amount: {
    en: "Enter an amount in francs, for example 1250.40 or 1'250.40.",
    fr: "Saisissez un montant en francs, par exemple 1250.40 ou 1'250.40.",
    de: "Geben Sie einen Betrag in Franken ein, zum Beispiel 1250.40 oder 1'250.40.",
    it: "Inserite un importo in franchi, per esempio 1250.40 o 1'250.40.",
  },
  "amount-zero": {
    en: "The amount must be more than zero.",
    fr: "Le montant doit être supérieur à zéro.",
    de: "Der Betrag muss grösser als null sein.",
    it: "L'importo deve essere superiore a zero.",
  },
  "postal-code": {
    en: "Enter a postal code (letters, digits, spaces or hyphens).",
    fr: "Saisissez un code postal (lettres, chiffres, espaces ou traits d'union).",
    de: "Geben Sie eine Postleitzahl ein (Buchstaben, Ziffern, Leerzeichen oder Bindestriche).",
    it: "Inserite un numero postale (lettere, cifre, spazi o trattini).",
  },
  "postal-code-ch": {
    en: "A Swiss or Liechtenstein postal code has four digits (1000 to 9999).",
    fr: "Un NPA suisse ou liechtensteinois a quatre chiffres (1000 à 9999).",
    de: "Eine Schweizer oder Liechtensteiner PLZ hat vier Ziffern (1000 bis 9999).",
    it: "Un NPA svizzero o del Liechtenstein ha quattro cifre (da 1000 a 9999).",
  },
  "country-format": {
    en: "Enter the two-letter country code, for example CH.",
    fr: "Saisissez le code du pays en deux lettres, par exemple CH.",
    de: "Geben Sie den zweistelligen Ländercode ein, zum Beispiel CH.",
    it: "Inserite il codice del paese di due lettere, per esempio CH.",
  },
  "country-unknown": {
    en: "This is not a country code (CH, LI, DE, FR, IT, AT…).",
    fr: "Ce n'est pas un code de pays (CH, LI, DE, FR, IT, AT…).",
    de: "Das ist kein Ländercode (CH, LI, DE, FR, IT, AT…).",
    it: "Non è un codice di paese (CH, LI, DE, FR, IT, AT…).",
  },
  "uid-format": {
    en: "Write the UID as CHE-123.456.789.",
    fr: "Écrivez l'IDE sous la forme CHE-123.456.789.",
    de: "Schreiben Sie die UID als CHE-123.456.789.",
    it: "Scrivete l'IDI nella forma CHE-123.456.789.",
  },
  "uid-check": {
    en: "This UID does not exist: check its digits.",
    fr: "Cet IDE n'existe pas : vérifiez les chiffres.",
    de: "Diese UID gibt es nicht: Prüfen Sie die Ziffern.",
    it: "Questo IDI non esiste: controllate le cifre.",
  },
  language: {
    en: "Choose French, German, Italian or English.",
    fr: "Choisissez français, allemand, italien ou anglais.",
    de: "Wählen Sie Französisch, Deutsch, Italienisch oder Englisch.",
    it: "Scegliete francese, tedesco, italiano o inglese.",
  },
  "entry-status": {
    en: "Choose the stage of the proceeding.",
    fr: "Choisissez l'état de la poursuite.",
    de: "Wählen Sie den Stand der Betreibung.",
    it: "Scegliete lo stato dell'esecuzione.",
  },
  "debtor-type": {
    en: "Choose person or company.",
    fr: "Choisissez personne ou entreprise.",
    de: "Wählen Sie Person oder Unternehmen.",
    it: "Scegliete persona o impresa.",
  },
  "office-format": {
    en: "This office identifier is not valid.",
    fr: "Cet identifiant d'office n'est pas valable.",
    de: "Diese Amtskennung ist ungültig.",
    it: "Questo identificativo d'ufficio non è valido.",
  },
  "office-unknown": {
    en: "This office is not set up in this service.",
    fr: "Cet office n'est pas configuré dans ce service.",
    de: "Dieses Amt ist in diesem Dienst nicht eingerichtet.",
    it: "Questo ufficio non è configurato in questo servizio.",
  },
  future: {
    en: "This date is in the future.",
    fr: "Cette date est dans le futur.",
    de: "Dieses Datum liegt in der Zukunft.",
    it: "Questa data è nel futuro.",
  },
  "after-issue-date": {
    en: "The period cannot end after today.",
    fr: "La période ne peut pas finir après aujourd'hui.",
    de: "Der Zeitraum kann nicht nach heute enden.",
    it: "Il periodo non può terminare dopo oggi.",
  },
  "coverage-order": {
    en: "The start of the period is after its end.",
    fr: "Le début de la période est après sa fin.",
    de: "Der Beginn des Zeitraums liegt nach seinem Ende.",
    it: "L'inizio del periodo è dopo la sua fine.",
  },
  "outside-coverage": {
    en: "This date lies outside the period covered.",
    fr: "Cette date est hors de la période couverte.",
    de: "Dieses Datum liegt ausserhalb des Zeitraums.",
    it: "Questa data è fuori dal periodo coperto.",
  },
  "too-many": {
    en: "{max, plural, one {At most # item.} other {At most # items.}}",
    fr: "{max, plural, one {# élément au plus.} other {# éléments au plus.}}",
    de: "{max, plural, one {Höchstens # Eintrag.} other {Höchstens # Einträge.}}",
    it: "{max, plural, one {Al massimo # elemento.} other {Al massimo # elementi.}}",
  },
  invalid: {
    en: "This value is not valid.",
    fr: "Cette valeur n'est pas valable.",
    de: "Dieser Wert ist ungültig.",
    it: "Questo valore non è valido.",
  },
};

/** The words for an issue: its code's message, or the server's own for a code unknown here. */
export function fieldMessage(
  lang: Language,
  issue: { code?: string; message: string; params?: Readonly<Record<string, string | number>> },
): string {
  const m = issue.code === undefined ? undefined : (FIELD_MESSAGES as Record<string, Message>)[issue.code];
  if (!m) return issue.message;
  try {
    return formatMessage(lang, m[lang], issue.params ?? {});
  } catch {
    return issue.message;
  }
}

/** The form label's key for a field path's last part (`debtor.address.postalCode` → `postalCode`). */
const LABELS: Record<string, OfficeKey> = {
  language: "language",
  reference: "reference",
  lastName: "lastName",
  firstNames: "firstNames",
  dateOfBirth: "dateOfBirth",
  name: "companyName",
  uid: "uid",
  street: "street",
  houseNumber: "houseNumber",
  postalCode: "postalCode",
  town: "town",
  country: "country",
  from: "from",
  to: "to",
  caseNumber: "caseNumber",
  date: "date",
  creditor: "creditor",
  amount: "amount",
  status: "status",
  number: "lossNumber",
  entries: "entries",
  lossCertificates: "losses",
  debtor: "debtor",
};

/**
 * A field path in the clerk's words: `entries[0].amount` → "Proceeding 1 – Amount (CHF…)";
 * the path itself when it is not one of the form's fields.
 */
export function fieldLabel(path: string): string {
  const row = /^(entries|lossCertificates)\[(\d+)\]\.(\w+)$/.exec(path);
  if (row?.[1] && row[2] && row[3]) {
    const label = LABELS[row[3]];
    const item = t(row[1] === "entries" ? "entry" : "loss", { n: Number(row[2]) + 1 });
    return label ? `${item} – ${t(label)}` : path;
  }
  const last = path.split(".").pop() ?? "";
  const label = LABELS[last];
  return label ? t(label) : path || "–";
}
