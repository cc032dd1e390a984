/**
 * The extract's wording in the four languages, with the official titles used by Swiss
 * debt-collection offices: one table for the paper and the verification page, so that both say
 * the same thing in the same words. The statement's sentences are in `statement.ts`, the Swiss
 * formats and canton names in `swiss.ts`.
 * @module
 */
import type { Debtor, EntryStatus, Language } from "./extract.ts";
import type { SealSummary } from "./seal.ts";
import { statementSentences } from "./statement.ts";
import { cantonName } from "./swiss.ts";

type DebtorType = Debtor["type"];

/** What every layout prints: the wording its sections are drawn with. */
export interface PaperLabels {
  readonly title: string;
  readonly legalBasis: string;
  readonly debtor: string;
  readonly person: { lastName: string; firstNames: string; dateOfBirth: string };
  readonly company: { name: string; uid: string };
  readonly address: string;
  readonly coverage: string;
  readonly coverageText: (from: string, to: string) => string;
  /** The statement's two sentences: proceedings, then loss certificates (see `statement.ts`). */
  readonly statement: (s: SealSummary) => readonly [string, string];
  readonly entries: string;
  readonly columns: { caseNumber: string; date: string; creditor: string; amount: string; status: string };
  readonly lossCertificates: string;
  readonly lossColumns: { number: string; date: string; creditor: string; amount: string };
  readonly status: Record<EntryStatus, string>;
  readonly issued: (place: string, date: string) => string;
  readonly documentId: string;
  readonly verifyAt: string;
  readonly page: (n: number, total: number) => string;
  readonly canton: string;
  readonly continued: string;
  /** "Canton du Jura" from the canton's code; `canton` + code for an unknown code. */
  readonly cantonName: (code: string) => string;
  readonly issuedOn: string;
  readonly sealTitle: string;
  readonly remarksTitle: string;
  readonly remarks: readonly string[];
  readonly electronic: string;
}

/** Today's wording (layout v2 and the verification page). */
export interface ExtractLabels extends PaperLabels {
  /**
   * What a paper holder does, beside the QR code: scan, look for the green verdict, compare the
   * identity and the count of proceedings (a company's name and UID instead of a person's).
   */
  readonly steps: (debtor: DebtorType) => readonly [string, string, string];
  /** Where to order one's own extract (the online counter, `SCEAU_COUNTER_URL`). */
  readonly counterLine: (url: string) => string;
}

export const LABELS: Readonly<Record<Language, ExtractLabels>> = {
  fr: {
    title: "Extrait du registre des poursuites",
    legalBasis: "selon l'art. 8a de la loi fédérale sur la poursuite pour dettes et la faillite (LP)",
    debtor: "Débiteur",
    person: { lastName: "Nom", firstNames: "Prénoms", dateOfBirth: "Date de naissance" },
    company: { name: "Raison sociale", uid: "IDE" },
    address: "Adresse",
    coverage: "Période",
    coverageText: (from, to) => `du ${from} au ${to}`,
    statement: (summary) => statementSentences("fr", summary),
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
    page: (n, total) => `Page ${n}/${total}`,
    canton: "Canton",
    continued: "(suite)",
    cantonName: (code) => cantonName(code, "fr", "Canton "),
    issuedOn: "Date d'émission",
    sealTitle: "Sceau électronique",
    steps: (debtor) => [
      "Scannez le code avec l'appareil photo de votre téléphone.",
      "La page doit afficher «\u00a0Authentique\u00a0» en vert.",
      debtor === "person"
        ? "Vérifiez que le nom, la date de naissance et le nombre de poursuites affichés sont ceux de ce papier."
        : "Vérifiez que la raison sociale, l'IDE et le nombre de poursuites affichés sont ceux de ce papier.",
    ],
    counterLine: (url) => `Commandez votre propre extrait en ligne\u00a0: ${url}`,
    remarksTitle: "Remarques",
    remarks: [
      "Le présent extrait ne mentionne que les poursuites enregistrées par l'office susmentionné contre le débiteur désigné; les poursuites introduites dans un autre arrondissement n'y figurent pas.",
      "Les poursuites nulles, annulées sur plainte ou par décision judiciaire, retirées par le créancier ou ayant fait l'objet d'une demande admise selon l'art. 8a al. 3 LP ne sont pas communiquées à des tiers.",
    ],
    electronic: "Document établi électroniquement, valable sans signature.",
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
    statement: (summary) => statementSentences("de", summary),
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
    page: (n, total) => `Seite ${n}/${total}`,
    canton: "Kanton",
    continued: "(Fortsetzung)",
    cantonName: (code) => cantonName(code, "de", "Kanton "),
    issuedOn: "Ausstellungsdatum",
    sealTitle: "Elektronisches Siegel",
    steps: (debtor) => [
      "Scannen Sie den Code mit der Kamera Ihres Mobiltelefons.",
      "Die Seite muss «Echt» in Grün anzeigen.",
      debtor === "person"
        ? "Prüfen Sie, ob Name, Geburtsdatum und Anzahl Betreibungen auf der Seite mit diesem Papier übereinstimmen."
        : "Prüfen Sie, ob Firma, UID und Anzahl Betreibungen auf der Seite mit diesem Papier übereinstimmen.",
    ],
    counterLine: (url) => `Eigenen Auszug online bestellen: ${url}`,
    remarksTitle: "Bemerkungen",
    remarks: [
      "Dieser Auszug enthält nur die beim oben genannten Betreibungsamt gegen die bezeichnete Person verzeichneten Betreibungen; Betreibungen in anderen Betreibungskreisen sind nicht aufgeführt.",
      "Nichtige, auf Beschwerde oder durch Urteil aufgehobene, vom Gläubiger zurückgezogene Betreibungen sowie solche, für die ein Gesuch nach Art. 8a Abs. 3 SchKG gutgeheissen wurde, werden Dritten nicht bekannt gegeben.",
    ],
    electronic: "Elektronisch erstelltes Dokument, ohne Unterschrift gültig.",
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
    statement: (summary) => statementSentences("it", summary),
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
    page: (n, total) => `Pagina ${n}/${total}`,
    canton: "Cantone",
    continued: "(seguito)",
    cantonName: (code) => cantonName(code, "it", "Cantone "),
    issuedOn: "Data di emissione",
    sealTitle: "Sigillo elettronico",
    steps: (debtor) => [
      "Scansionare il codice con la fotocamera del telefono.",
      "La pagina deve indicare «Autentico» in verde.",
      debtor === "person"
        ? "Verificare che cognome, data di nascita e numero di esecuzioni indicati corrispondano a questo foglio."
        : "Verificare che ragione sociale, IDI e numero di esecuzioni indicati corrispondano a questo foglio.",
    ],
    counterLine: (url) => `Ordinare il proprio estratto online: ${url}`,
    remarksTitle: "Osservazioni",
    remarks: [
      "Il presente estratto indica unicamente le esecuzioni registrate dall'ufficio sopra indicato nei confronti del debitore designato; le esecuzioni promosse in altri circondari non vi figurano.",
      "Le esecuzioni nulle, annullate su ricorso o per sentenza, ritirate dal creditore o per le quali è stata accolta una domanda secondo l'art. 8a cpv. 3 LEF non sono comunicate a terzi.",
    ],
    electronic: "Documento allestito elettronicamente, valido senza firma.",
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
    statement: (summary) => statementSentences("en", summary),
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
    page: (n, total) => `Page ${n}/${total}`,
    canton: "Canton",
    continued: "(continued)",
    cantonName: (code) => cantonName(code, "en", "Canton of "),
    issuedOn: "Date of issue",
    sealTitle: "Electronic seal",
    steps: (debtor) => [
      "Scan the code with your phone's camera.",
      "The page must show “Genuine” in green.",
      debtor === "person"
        ? "Check that the name, date of birth and number of proceedings shown are those on this paper."
        : "Check that the company name, UID and number of proceedings shown are those on this paper.",
    ],
    counterLine: (url) => `Order your own extract online: ${url}`,
    remarksTitle: "Remarks",
    remarks: [
      "This extract lists only the proceedings registered by the office named above against the debtor named above; proceedings in other debt collection districts are not included.",
      "Proceedings that are void, set aside on complaint or by a court, withdrawn by the creditor, or for which a request under Art. 8a para. 3 DEBA was granted are not disclosed to third parties.",
    ],
    electronic: "Electronically issued document, valid without signature.",
  },
};
