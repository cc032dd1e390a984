/**
 * Printed wording of the extract in the four languages, with the official titles used by Swiss
 * debt-collection offices.
 * @module
 */
import type { EntryStatus, Language } from "../core/extract.ts";

export interface ExtractLabels {
  readonly title: string;
  readonly legalBasis: string;
  readonly debtor: string;
  readonly person: { lastName: string; firstNames: string; dateOfBirth: string };
  readonly company: { name: string; uid: string };
  readonly address: string;
  readonly coverage: string;
  readonly coverageText: (from: string, to: string) => string;
  readonly statementNone: string;
  readonly statementSome: (count: number, open: number, openAmount: string) => string;
  readonly lossNone: string;
  readonly lossSome: (count: number, amount: string) => string;
  readonly entries: string;
  readonly columns: { caseNumber: string; date: string; creditor: string; amount: string; status: string };
  readonly lossCertificates: string;
  readonly lossColumns: { number: string; date: string; creditor: string; amount: string };
  readonly status: Record<EntryStatus, string>;
  readonly issued: (place: string, date: string) => string;
  readonly documentId: string;
  readonly verifyAt: string;
  readonly sealNote: string;
  readonly page: (n: number, total: number) => string;
  readonly canton: string;
  readonly continued: string;
}

export const LABELS: Record<Language, ExtractLabels> = {
  fr: {
    title: "Extrait du registre des poursuites",
    legalBasis: "selon l'art. 8a de la loi fédérale sur la poursuite pour dettes et la faillite (LP)",
    debtor: "Débiteur",
    person: { lastName: "Nom", firstNames: "Prénoms", dateOfBirth: "Date de naissance" },
    company: { name: "Raison sociale", uid: "IDE" },
    address: "Adresse",
    coverage: "Période",
    coverageText: (from, to) => `du ${from} au ${to}`,
    statementNone: "Aucune poursuite n'est enregistrée au nom du débiteur pour cette période.",
    statementSome: (count, open, amount) =>
      `${count} poursuite${count > 1 ? "s" : ""} enregistrée${count > 1 ? "s" : ""}, dont ${open} en cours pour un montant de ${amount}.`,
    lossNone: "Aucun acte de défaut de biens.",
    lossSome: (count, amount) =>
      `${count} acte${count > 1 ? "s" : ""} de défaut de biens pour un total de ${amount}.`,
    entries: "Poursuites",
    columns: {
      caseNumber: "N° de poursuite",
      date: "Date",
      creditor: "Créancier",
      amount: "Montant",
      status: "État",
    },
    lossCertificates: "Actes de défaut de biens",
    lossColumns: { number: "Numéro", date: "Date", creditor: "Créancier", amount: "Montant" },
    status: {
      "payment-order": "Commandement de payer",
      objection: "Opposition",
      seizure: "Saisie",
      realisation: "Réalisation",
      paid: "Payée",
      extinguished: "Éteinte",
    },
    issued: (place, date) => `${place}, le ${date}`,
    documentId: "N° du document",
    verifyAt: "Vérifier uniquement sur",
    sealNote: "Le code QR contient les données clés de cet extrait et leur preuve d'authenticité.",
    page: (n, total) => `Page ${n}/${total}`,
    canton: "Canton",
    continued: "(suite)",
  },
  de: {
    title: "Betreibungsregisterauszug",
    legalBasis: "gemäss Art. 8a des Bundesgesetzes über Schuldbetreibung und Konkurs (SchKG)",
    debtor: "Schuldner",
    person: { lastName: "Name", firstNames: "Vornamen", dateOfBirth: "Geburtsdatum" },
    company: { name: "Firma", uid: "UID" },
    address: "Adresse",
    coverage: "Zeitraum",
    coverageText: (from, to) => `vom ${from} bis ${to}`,
    statementNone: "Für diesen Zeitraum sind keine Betreibungen gegen den Schuldner verzeichnet.",
    statementSome: (count, open, amount) =>
      `${count} Betreibung${count > 1 ? "en" : ""} verzeichnet, davon ${open} offen über insgesamt ${amount}.`,
    lossNone: "Keine Verlustscheine.",
    lossSome: (count, amount) => `${count} Verlustschein${count > 1 ? "e" : ""} über insgesamt ${amount}.`,
    entries: "Betreibungen",
    columns: {
      caseNumber: "Betreibungs-Nr.",
      date: "Datum",
      creditor: "Gläubiger",
      amount: "Betrag",
      status: "Stand",
    },
    lossCertificates: "Verlustscheine",
    lossColumns: { number: "Nummer", date: "Datum", creditor: "Gläubiger", amount: "Betrag" },
    status: {
      "payment-order": "Zahlungsbefehl",
      objection: "Rechtsvorschlag",
      seizure: "Pfändung",
      realisation: "Verwertung",
      paid: "Bezahlt",
      extinguished: "Erloschen",
    },
    issued: (place, date) => `${place}, ${date}`,
    documentId: "Dokument-Nr.",
    verifyAt: "Nur prüfen auf",
    sealNote: "Der QR-Code enthält die Eckdaten dieses Auszugs und den Nachweis ihrer Echtheit.",
    page: (n, total) => `Seite ${n}/${total}`,
    canton: "Kanton",
    continued: "(Fortsetzung)",
  },
  it: {
    title: "Estratto del registro delle esecuzioni",
    legalBasis: "secondo l'art. 8a della legge federale sulla esecuzione e sul fallimento (LEF)",
    debtor: "Debitore",
    person: { lastName: "Cognome", firstNames: "Nomi", dateOfBirth: "Data di nascita" },
    company: { name: "Ragione sociale", uid: "IDI" },
    address: "Indirizzo",
    coverage: "Periodo",
    coverageText: (from, to) => `dal ${from} al ${to}`,
    statementNone: "Per questo periodo non risultano esecuzioni a carico del debitore.",
    statementSome: (count, open, amount) =>
      `${count} esecuzion${count > 1 ? "i" : "e"} registrat${count > 1 ? "e" : "a"}, di cui ${open} in corso per un importo di ${amount}.`,
    lossNone: "Nessun attestato di carenza di beni.",
    lossSome: (count, amount) =>
      `${count} attestat${count > 1 ? "i" : "o"} di carenza di beni per un totale di ${amount}.`,
    entries: "Esecuzioni",
    columns: {
      caseNumber: "N. esecuzione",
      date: "Data",
      creditor: "Creditore",
      amount: "Importo",
      status: "Stato",
    },
    lossCertificates: "Attestati di carenza di beni",
    lossColumns: { number: "Numero", date: "Data", creditor: "Creditore", amount: "Importo" },
    status: {
      "payment-order": "Precetto esecutivo",
      objection: "Opposizione",
      seizure: "Pignoramento",
      realisation: "Realizzazione",
      paid: "Pagata",
      extinguished: "Estinta",
    },
    issued: (place, date) => `${place}, ${date}`,
    documentId: "N. documento",
    verifyAt: "Verificare solo su",
    sealNote: "Il codice QR contiene i dati essenziali di questo estratto e la prova della loro autenticità.",
    page: (n, total) => `Pagina ${n}/${total}`,
    canton: "Cantone",
    continued: "(seguito)",
  },
  en: {
    title: "Debt collection register extract",
    legalBasis: "under Art. 8a of the Federal Act on Debt Collection and Bankruptcy (DEBA)",
    debtor: "Debtor",
    person: { lastName: "Last name", firstNames: "First names", dateOfBirth: "Date of birth" },
    company: { name: "Company name", uid: "UID" },
    address: "Address",
    coverage: "Period",
    coverageText: (from, to) => `from ${from} to ${to}`,
    statementNone: "No debt collection proceedings are registered against the debtor for this period.",
    statementSome: (count, open, amount) =>
      `${count} proceeding${count > 1 ? "s" : ""} registered, ${open} of them open for a total of ${amount}.`,
    lossNone: "No loss certificates.",
    lossSome: (count, amount) => `${count} loss certificate${count > 1 ? "s" : ""} for a total of ${amount}.`,
    entries: "Debt collection proceedings",
    columns: {
      caseNumber: "Case no.",
      date: "Date",
      creditor: "Creditor",
      amount: "Amount",
      status: "Status",
    },
    lossCertificates: "Loss certificates",
    lossColumns: { number: "Number", date: "Date", creditor: "Creditor", amount: "Amount" },
    status: {
      "payment-order": "Payment order",
      objection: "Objection",
      seizure: "Seizure",
      realisation: "Realisation",
      paid: "Paid",
      extinguished: "Extinguished",
    },
    issued: (place, date) => `${place}, ${date}`,
    documentId: "Document no.",
    verifyAt: "Verify only at",
    sealNote: "The QR code holds the key data of this extract and the proof of their authenticity.",
    page: (n, total) => `Page ${n}/${total}`,
    canton: "Canton",
    continued: "(continued)",
  },
};

/** Swiss date: 22.11.2026. */
export function swissDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d ?? ""}.${m ?? ""}.${y ?? ""}`;
}

/** Swiss amount: CHF 1'234.50. */
export function swissAmount(cents: number): string {
  const whole = Math.floor(cents / 100);
  const frac = String(cents % 100).padStart(2, "0");
  return `CHF ${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, "'")}.${frac}`;
}
