/**
 * The extract's wording in the four languages, with the official titles used by Swiss
 * debt-collection offices: one table for the paper and the verification page, so that both say
 * the same thing in the same words. The statement's sentences are in `statement.ts`, the Swiss
 * formats and canton names in `swiss.ts`.
 * @module
 */
import type { EntryStatus, Language } from "./extract.ts";
import { cantonName } from "./swiss.ts";

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
  /** "Canton du Jura" from the canton's code; `canton` + code for an unknown code. */
  readonly cantonName: (code: string) => string;
  readonly issuedOn: string;
  readonly sealTitle: string;
  readonly sealHelp: string;
  readonly remarksTitle: string;
  readonly remarks: readonly string[];
  readonly electronic: string;
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
    cantonName: (code) => cantonName(code, "fr", "Canton "),
    issuedOn: "Date d'établissement",
    sealTitle: "Sceau électronique",
    sealHelp:
      "Scannez le code QR avec un téléphone ou déposez ce fichier PDF sur la page officielle de vérification. Elle affiche les données scellées de l'extrait et indique si le fichier est celui qui a été délivré.",
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
    cantonName: (code) => cantonName(code, "de", "Kanton "),
    issuedOn: "Ausstellungsdatum",
    sealTitle: "Elektronisches Siegel",
    sealHelp:
      "Scannen Sie den QR-Code mit einem Mobiltelefon oder laden Sie diese PDF-Datei auf der offiziellen Prüfseite hoch. Sie zeigt die versiegelten Daten des Auszugs und ob die Datei die ausgestellte ist.",
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
    cantonName: (code) => cantonName(code, "it", "Cantone "),
    issuedOn: "Data di emissione",
    sealTitle: "Sigillo elettronico",
    sealHelp:
      "Scansionare il codice QR con un telefono o caricare questo file PDF sulla pagina ufficiale di verifica. Essa mostra i dati sigillati dell'estratto e indica se il file è quello rilasciato.",
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
    cantonName: (code) => cantonName(code, "en", "Canton of "),
    issuedOn: "Date of issue",
    sealTitle: "Electronic seal",
    sealHelp:
      "Scan the QR code with a phone, or drop this PDF file on the official verification page. It shows the sealed data of the extract and tells whether the file is the one issued.",
    remarksTitle: "Remarks",
    remarks: [
      "This extract lists only the proceedings registered by the office named above against the debtor named above; proceedings in other debt collection districts are not included.",
      "Proceedings that are void, set aside on complaint or by a court, withdrawn by the creditor, or for which a request under Art. 8a para. 3 DEBA was granted are not disclosed to third parties.",
    ],
    electronic: "Electronically issued document, valid without signature.",
  },
};
