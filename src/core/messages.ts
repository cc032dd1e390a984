/**
 * Verification messages in the four languages of the service (fr, de, it, en): one per check
 * outcome, per verification error, per verdict. Codes and reasons are the stable interface; these
 * sentences are for people and may be reworded.
 *
 * A message is chosen by its key `<CHECK_CODE>.<reason or status>` (for example
 * `ROOT_ANCHORED.NOT_ANCHORED`, `FRESHNESS.valid`) and filled from the check's `params`. This
 * module has no `node:` imports: the browser verification page uses the same table.
 * @module
 */
import type { VerifyErrorCode } from "./errors.ts";
import type { Language } from "./extract.ts";
import { say, type Message, type MessageValues } from "./format.ts";
import type { Scope } from "./report.ts";
import type { CheckCode, MessageParams, Verdict, Warning } from "./verdict.ts";

/**
 * A date-time as people in Switzerland read it: Swiss time, labelled (`02.11.2026 10:30, heure
 * suisse`), the same in every place a time is shown. Input: ISO 8601.
 */
export function formatDateTime(iso: string | undefined, lang: Language): string {
  if (!iso || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso)) return iso ?? "?";
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("de-CH", {
    timeZone: "Europe/Zurich",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(t);
  const part = (type: string): string => parts.find((x) => x.type === type)?.value ?? "";
  return `${part("day")}.${part("month")}.${part("year")} ${part("hour")}:${part("minute")} ${SWISS_TIME[lang]}`;
}

/** The label of Swiss time (Europe/Zurich, summer time included). */
const SWISS_TIME: Record<Language, string> = {
  fr: "(heure suisse)",
  de: "(Schweizer Zeit)",
  it: "(ora svizzera)",
  en: "(Swiss time)",
};

/** Revocation reasons in words (lower case, to sit inside a sentence). */
export const REASON_WORDS: Record<Language, Record<string, string>> = {
  en: {
    "issued-in-error": "issued in error",
    superseded: "superseded by a newer extract",
    "court-order": "court order",
    "data-error": "error in the data",
    other: "other reason",
  },
  fr: {
    "issued-in-error": "émis par erreur",
    superseded: "remplacé par un extrait plus récent",
    "court-order": "décision judiciaire",
    "data-error": "erreur dans les données",
    other: "autre motif",
  },
  de: {
    "issued-in-error": "irrtümlich ausgestellt",
    superseded: "durch einen neueren Auszug ersetzt",
    "court-order": "gerichtliche Anordnung",
    "data-error": "Fehler in den Daten",
    other: "anderer Grund",
  },
  it: {
    "issued-in-error": "emesso per errore",
    superseded: "sostituito da un estratto più recente",
    "court-order": "decisione giudiziaria",
    "data-error": "errore nei dati",
    other: "altro motivo",
  },
};

const UNKNOWN_REASON: Message = {
  en: "a reason this verifier does not know, code {code}",
  fr: "un motif que ce vérificateur ne connaît pas, code {code}",
  de: "ein Grund, den diese Prüfstelle nicht kennt, Code {code}",
  it: "un motivo che questo verificatore non conosce, codice {code}",
};

/**
 * A revocation reason in words. A registry of version 1 accepted any code from 1 to 255, so a
 * code this verifier does not document (`code-200`) is named as such, with its number.
 */
export function reasonWords(reason: string, lang: Language): string {
  const words = REASON_WORDS[lang][reason];
  if (words) return words;
  const code = /^code-(\d+)$/.exec(reason)?.[1];
  if (code === undefined) return reason;
  return say(UNKNOWN_REASON, lang, { code });
}

const CHAIN_UNREADABLE: Message = {
  en: "The chain of {registry} could not be read ({error}): no conclusion is possible.",
  fr: "La blockchain de {registry} n'a pas pu être lue ({error}) : aucune conclusion n'est possible.",
  de: "Die Blockchain von {registry} konnte nicht gelesen werden ({error}): Es ist keine Aussage möglich.",
  it: "Non è stato possibile leggere la blockchain di {registry} ({error}): nessuna conclusione è possibile.",
};
const NOT_READ: Message = {
  en: "Not checked, because the seal could not be read.",
  fr: "Non vérifié, car le sceau n'a pas pu être lu.",
  de: "Nicht geprüft, weil das Siegel nicht gelesen werden konnte.",
  it: "Non verificato, perché non è stato possibile leggere il sigillo.",
};
const NOT_GENUINE: Message = {
  en: "Not checked, because the seal is not genuine.",
  fr: "Non vérifié, car le sceau n'est pas authentique.",
  de: "Nicht geprüft, weil das Siegel nicht echt ist.",
  it: "Non verificato, perché il sigillo non è autentico.",
};
const NOT_ANCHORED: Message = {
  en: "Not checked, because the seal's batch is not anchored in a trusted registry.",
  fr: "Non vérifié, car le lot du sceau n'est pas ancré dans un registre de confiance.",
  de: "Nicht geprüft, weil der Stapel des Siegels in keinem vertrauenswürdigen Register verankert ist.",
  it: "Non verificato, perché il lotto del sigillo non è ancorato in un registro attendibile.",
};

/**
 * Check messages, ICU MessageFormat, keyed by `<check>.<reason or status>`; every key has the
 * four languages. Values: see {@link messageValues}.
 */
const CHECK_PATTERNS = {
  "SEAL_FORMAT.valid": {
    en: "The QR code holds a well-formed seal (version {version}).",
    fr: "Le code QR contient un sceau bien formé (version {version}).",
    de: "Der QR-Code enthält ein korrekt aufgebautes Siegel (Version {version}).",
    it: "Il codice QR contiene un sigillo ben formato (versione {version}).",
  },
  "SEAL_FORMAT.QR_TEXT_INVALID": {
    en: "The QR code holds no Sceau seal.",
    fr: "Le code QR ne contient aucun sceau de Sceau.",
    de: "Der QR-Code enthält kein Sceau-Siegel.",
    it: "Il codice QR non contiene alcun sigillo di Sceau.",
  },
  "SEAL_FORMAT.QR_LINK_INVALID": {
    en: "The QR code holds a seal behind a link that is not a verification address (http(s)://<address>/v#…): it was not printed by an office.",
    fr: "Le code QR contient un sceau derrière un lien qui n'est pas une adresse de vérification (http(s)://<adresse>/v#…) : il n'a pas été imprimé par un office.",
    de: "Der QR-Code enthält ein Siegel hinter einem Link, der keine Prüfadresse ist (http(s)://<Adresse>/v#…): Er wurde nicht von einem Amt gedruckt.",
    it: "Il codice QR contiene un sigillo dietro un link che non è un indirizzo di verifica (http(s)://<indirizzo>/v#…): non è stato stampato da un ufficio.",
  },
  "SEAL_FORMAT.SEAL_EMPTY": {
    en: "The QR code holds an empty seal.",
    fr: "Le code QR contient un sceau vide.",
    de: "Der QR-Code enthält ein leeres Siegel.",
    it: "Il codice QR contiene un sigillo vuoto.",
  },
  "SEAL_FORMAT.SEAL_UNKNOWN_VERSION": {
    en: "The seal has a version this verifier does not know.",
    fr: "Le sceau a une version inconnue de ce vérificateur.",
    de: "Das Siegel hat eine Version, die diese Prüfstelle nicht kennt.",
    it: "Il sigillo ha una versione sconosciuta a questo verificatore.",
  },
  "SEAL_FORMAT.SEAL_TRUNCATED": {
    en: "The seal is incomplete: the QR text was cut short.",
    fr: "Le sceau est incomplet : le texte du code QR est tronqué.",
    de: "Das Siegel ist unvollständig: Der Text des QR-Codes ist abgeschnitten.",
    it: "Il sigillo è incompleto: il testo del codice QR è troncato.",
  },
  "SEAL_FORMAT.SEAL_TRAILING_BYTES": {
    en: "The seal has extra bytes after its end.",
    fr: "Le sceau contient des octets après sa fin.",
    de: "Das Siegel enthält Bytes nach seinem Ende.",
    it: "Il sigillo contiene byte dopo la sua fine.",
  },
  "SEAL_FORMAT.SEAL_FIELD_INVALID": {
    en: "The seal has a malformed field.",
    fr: "Le sceau contient un champ mal formé.",
    de: "Das Siegel enthält ein fehlerhaftes Feld.",
    it: "Il sigillo contiene un campo malformato.",
  },
  "SEAL_FORMAT.SEAL_TOO_LARGE": {
    en: "The seal is larger than any Sceau seal can be.",
    fr: "Le sceau est plus grand que ne peut l'être un sceau de Sceau.",
    de: "Das Siegel ist grösser, als ein Sceau-Siegel sein kann.",
    it: "Il sigillo è più grande di quanto possa essere un sigillo di Sceau.",
  },
  "SEAL_FORMAT.SEAL_MALFORMED": {
    en: "The seal could not be read.",
    fr: "Le sceau n'a pas pu être lu.",
    de: "Das Siegel konnte nicht gelesen werden.",
    it: "Non è stato possibile leggere il sigillo.",
  },
  "REGISTRY_TRUSTED.valid": {
    en: "The seal names the trusted registry of {registry}.",
    fr: "Le sceau désigne le registre de confiance de {registry}.",
    de: "Das Siegel nennt das vertrauenswürdige Register von {registry}.",
    it: "Il sigillo indica il registro attendibile di {registry}.",
  },
  "REGISTRY_TRUSTED.UNKNOWN_REGISTRY": {
    en: "The seal names registry {address} on chain {chainId}, which is not in this verifier's trust list: the issuer is unknown.",
    fr: "Le sceau désigne le registre {address} sur la blockchain {chainId}, qui ne figure pas dans la liste de confiance de ce vérificateur : l'émetteur est inconnu.",
    de: "Das Siegel nennt das Register {address} auf der Blockchain {chainId}, das nicht in der Vertrauensliste dieser Prüfstelle steht: Der Aussteller ist unbekannt.",
    it: "Il sigillo indica il registro {address} sulla blockchain {chainId}, che non figura nell'elenco di fiducia di questo verificatore: l'emittente è sconosciuto.",
  },
  "REGISTRY_TRUSTED.skipped": NOT_READ,
  "MERKLE_PROOF.valid": {
    en: "The seal's data and proof ({levels, plural, one {# level} other {# levels}}) lead to batch root {root}.",
    fr: "Les données et la preuve du sceau ({levels, plural, one {# niveau} other {# niveaux}}) mènent à la racine de lot {root}.",
    de: "Daten und Beweis des Siegels ({levels, plural, one {# Stufe} other {# Stufen}}) führen zur Stapelwurzel {root}.",
    it: "I dati e la prova del sigillo ({levels, plural, one {# livello} other {# livelli}}) portano alla radice del lotto {root}.",
  },
  "MERKLE_PROOF.ROOT_MISMATCH": {
    en: "The seal's data and proof do not lead to the batch root it names: the data were altered.",
    fr: "Les données et la preuve du sceau ne mènent pas à la racine de lot qu'il indique : les données ont été modifiées.",
    de: "Daten und Beweis des Siegels führen nicht zur angegebenen Stapelwurzel: Die Daten wurden verändert.",
    it: "I dati e la prova del sigillo non portano alla radice del lotto che indica: i dati sono stati modificati.",
  },
  "MERKLE_PROOF.skipped": NOT_READ,
  "ROOT_ANCHORED.valid": {
    en: "The batch root was anchored on {anchoredAt}{blockNumber, select, none {} other { in block {blockNumber}}} by account {issuer}.",
    fr: "La racine du lot a été ancrée le {anchoredAt}{blockNumber, select, none {} other { dans le bloc {blockNumber}}} par le compte {issuer}.",
    de: "Die Stapelwurzel wurde am {anchoredAt}{blockNumber, select, none {} other { in Block {blockNumber}}} vom Konto {issuer} verankert.",
    it: "La radice del lotto è stata ancorata il {anchoredAt}{blockNumber, select, none {} other { nel blocco {blockNumber}}} dal conto {issuer}.",
  },
  "ROOT_ANCHORED.NOT_ANCHORED": {
    en: "Batch root {root} is not anchored in the registry of {registry}.",
    fr: "La racine de lot {root} n'est pas ancrée dans le registre de {registry}.",
    de: "Die Stapelwurzel {root} ist im Register von {registry} nicht verankert.",
    it: "La radice del lotto {root} non è ancorata nel registro di {registry}.",
  },
  "ROOT_ANCHORED.CHAIN_UNAVAILABLE": CHAIN_UNREADABLE,
  "ROOT_ANCHORED.skipped": NOT_GENUINE,
  "ISSUER_AUTHORISED.valid": {
    en: "Account {issuer} holds the issuer role of {registry} for this anchor.",
    fr: "Le compte {issuer} détient le rôle d'émetteur de {registry} pour cet ancrage.",
    de: "Das Konto {issuer} hat für diese Verankerung die Ausstellerrolle von {registry}.",
    it: "Il conto {issuer} detiene il ruolo di emittente di {registry} per questo ancoraggio.",
  },
  "ISSUER_AUTHORISED.ISSUER_NOT_AUTHORISED": {
    en: "Account {issuer} no longer holds the issuer role of {registry}: its anchors are withdrawn.",
    fr: "Le compte {issuer} ne détient plus le rôle d'émetteur de {registry} : ses ancrages sont retirés.",
    de: "Das Konto {issuer} hat die Ausstellerrolle von {registry} nicht mehr: Seine Verankerungen sind zurückgezogen.",
    it: "Il conto {issuer} non detiene più il ruolo di emittente di {registry}: i suoi ancoraggi sono ritirati.",
  },
  "ISSUER_AUTHORISED.CHAIN_UNAVAILABLE": CHAIN_UNREADABLE,
  "ISSUER_AUTHORISED.skipped": NOT_ANCHORED,
  "ROOT_NOT_REVOKED.valid": {
    en: "The batch is not revoked.",
    fr: "Le lot n'est pas révoqué.",
    de: "Der Stapel ist nicht widerrufen.",
    it: "Il lotto non è revocato.",
  },
  "ROOT_NOT_REVOKED.REVOKED": {
    en: "The whole batch was revoked on {revokedAt} ({reason}).",
    fr: "Le lot entier a été révoqué le {revokedAt} ({reason}).",
    de: "Der ganze Stapel wurde am {revokedAt} widerrufen ({reason}).",
    it: "L'intero lotto è stato revocato il {revokedAt} ({reason}).",
  },
  "ROOT_NOT_REVOKED.CHAIN_UNAVAILABLE": CHAIN_UNREADABLE,
  "ROOT_NOT_REVOKED.skipped": NOT_ANCHORED,
  "LEAF_NOT_REVOKED.valid": {
    en: "This extract is not revoked.",
    fr: "Cet extrait n'est pas révoqué.",
    de: "Dieser Auszug ist nicht widerrufen.",
    it: "Questo estratto non è revocato.",
  },
  "LEAF_NOT_REVOKED.REVOKED": {
    en: "This extract was revoked on {revokedAt} ({reason}).",
    fr: "Cet extrait a été révoqué le {revokedAt} ({reason}).",
    de: "Dieser Auszug wurde am {revokedAt} widerrufen ({reason}).",
    it: "Questo estratto è stato revocato il {revokedAt} ({reason}).",
  },
  "LEAF_NOT_REVOKED.CHAIN_UNAVAILABLE": CHAIN_UNREADABLE,
  "LEAF_NOT_REVOKED.skipped": NOT_ANCHORED,
  "PDF_INTEGRITY.valid": {
    en: "The PDF file is exactly the one issued.",
    fr: "Le fichier PDF est exactement celui qui a été émis.",
    de: "Die PDF-Datei ist genau die ausgestellte.",
    it: "Il file PDF è esattamente quello emesso.",
  },
  "PDF_INTEGRITY.REVISION_NOT_FOUND": {
    en: "The PDF's content is not the content that was sealed: the file was edited or re-saved. Trust only the data shown here.",
    fr: "Le contenu du PDF n'est pas celui qui a été scellé : le fichier a été modifié ou réenregistré. Ne vous fiez qu'aux données affichées ici.",
    de: "Der Inhalt der PDF-Datei ist nicht der versiegelte: Die Datei wurde bearbeitet oder neu gespeichert. Vertrauen Sie nur den hier angezeigten Daten.",
    it: "Il contenuto del PDF non è quello sigillato: il file è stato modificato o salvato di nuovo. Fidatevi solo dei dati mostrati qui.",
  },
  "PDF_INTEGRITY.EXTRA_CHANGES": {
    en: "The sealed content is intact, but the file was changed after issuance. Trust only the data shown here.",
    fr: "Le contenu scellé est intact, mais le fichier a été modifié après l'émission. Ne vous fiez qu'aux données affichées ici.",
    de: "Der versiegelte Inhalt ist unverändert, aber die Datei wurde nach der Ausstellung geändert. Vertrauen Sie nur den hier angezeigten Daten.",
    it: "Il contenuto sigillato è intatto, ma il file è stato modificato dopo l'emissione. Fidatevi solo dei dati mostrati qui.",
  },
  "PDF_INTEGRITY.NO_FILE": {
    en: "No file was given: only the data in the QR code were checked.",
    fr: "Aucun fichier n'a été fourni : seules les données du code QR ont été vérifiées.",
    de: "Es wurde keine Datei übergeben: Nur die Daten im QR-Code wurden geprüft.",
    it: "Nessun file è stato fornito: sono stati verificati solo i dati del codice QR.",
  },
  "PDF_INTEGRITY.IMAGE": {
    en: "A photo or scan was given: only the data in the QR code were checked. Compare them with the paper.",
    fr: "Une photo ou un scan a été fourni : seules les données du code QR ont été vérifiées. Comparez-les avec le papier.",
    de: "Ein Foto oder Scan wurde übergeben: Nur die Daten im QR-Code wurden geprüft. Vergleichen Sie sie mit dem Papier.",
    it: "È stata fornita una foto o una scansione: sono stati verificati solo i dati del codice QR. Confrontateli con il documento cartaceo.",
  },
  "PDF_INTEGRITY.NOT_STAMPED": {
    en: "This PDF is a copy (a scan or a printout saved as PDF): the QR code was read from its pixels, and only the data in the QR code were checked. Compare them with the document.",
    fr: "Ce PDF est une copie (un scan ou une impression enregistrée en PDF) : le code QR a été lu dans ses pixels, et seules les données du code QR ont été vérifiées. Comparez-les avec le document.",
    de: "Dieses PDF ist eine Kopie (ein Scan oder ein als PDF gespeicherter Ausdruck): Der QR-Code wurde aus seinen Pixeln gelesen, und nur die Daten im QR-Code wurden geprüft. Vergleichen Sie sie mit dem Dokument.",
    it: "Questo PDF è una copia (una scansione o una stampa salvata in PDF): il codice QR è stato letto dai suoi pixel, e sono stati verificati solo i dati del codice QR. Confrontateli con il documento.",
  },
  "PDF_INTEGRITY.UNOFFICIAL_QR_TEXT": {
    en: "The QR code in this file is not the one the office printed: it does not hold exactly the seal behind the official verification address. The file is not the one issued. Trust only the data shown here.",
    fr: "Le code QR de ce fichier n'est pas celui que l'office a imprimé : il ne contient pas exactement le sceau derrière l'adresse de vérification officielle. Le fichier n'est pas celui qui a été émis. Ne vous fiez qu'aux données affichées ici.",
    de: "Der QR-Code dieser Datei ist nicht der vom Amt gedruckte: Er enthält nicht genau das Siegel hinter der offiziellen Prüfadresse. Die Datei ist nicht die ausgestellte. Vertrauen Sie nur den hier angezeigten Daten.",
    it: "Il codice QR di questo file non è quello stampato dall'ufficio: non contiene esattamente il sigillo dietro l'indirizzo di verifica ufficiale. Il file non è quello emesso. Fidatevi solo dei dati mostrati qui.",
  },
  "PDF_INTEGRITY.IMAGE_AS_PDF": {
    en: "This file is a picture that was sent as a PDF or that also holds a PDF: a PDF viewer may show another document than the one checked here. The file is not the PDF issued; only the data in the QR code were checked.",
    fr: "Ce fichier est une image envoyée comme PDF ou qui contient aussi un PDF : un lecteur PDF peut afficher un autre document que celui vérifié ici. Le fichier n'est pas le PDF émis ; seules les données du code QR ont été vérifiées.",
    de: "Diese Datei ist ein Bild, das als PDF gesendet wurde oder zusätzlich ein PDF enthält: Ein PDF-Programm kann ein anderes Dokument zeigen als das hier geprüfte. Die Datei ist nicht das ausgestellte PDF; nur die Daten im QR-Code wurden geprüft.",
    it: "Questo file è un'immagine inviata come PDF o che contiene anche un PDF: un lettore PDF può mostrare un documento diverso da quello verificato qui. Il file non è il PDF emesso; sono stati verificati solo i dati del codice QR.",
  },
  "PDF_INTEGRITY.skipped": NOT_READ,
  "FRESHNESS.valid": {
    en: "{ageDays, plural, =0 {The extract was issued today.} one {The extract is # day old.} other {The extract is # days old.}}",
    fr: "{ageDays, plural, =0 {L'extrait a été émis aujourd'hui.} one {L'extrait date de # jour.} other {L'extrait date de # jours.}}",
    de: "{ageDays, plural, =0 {Der Auszug wurde heute ausgestellt.} one {Der Auszug ist # Tag alt.} other {Der Auszug ist # Tage alt.}}",
    it: "{ageDays, plural, =0 {L'estratto è stato emesso oggi.} one {L'estratto ha # giorno.} other {L'estratto ha # giorni.}}",
  },
  "FRESHNESS.STALE": {
    en: "The extract is {ageDays, plural, one {# day} other {# days}} old, older than the {maxAgeDays, plural, one {# day} other {# days}} accepted here: ask for a recent one.",
    fr: "L'extrait date de {ageDays, plural, one {# jour} other {# jours}}, plus que {maxAgeDays, plural, one {le # jour accepté} other {les # jours acceptés}} ici : demandez-en un récent.",
    de: "Der Auszug ist {ageDays, plural, one {# Tag} other {# Tage}} alt, älter als {maxAgeDays, plural, one {der hier akzeptierte # Tag} other {die hier akzeptierten # Tage}}: Verlangen Sie einen aktuellen.",
    it: "L'estratto ha {ageDays, plural, one {# giorno} other {# giorni}}, più {maxAgeDays, plural, one {del # giorno accettato} other {dei # giorni accettati}} qui: chiedetene uno recente.",
  },
  "FRESHNESS.ISSUED_IN_FUTURE": {
    en: "The extract's issue time lies in the future.",
    fr: "La date d'émission de l'extrait est dans le futur.",
    de: "Das Ausstellungsdatum des Auszugs liegt in der Zukunft.",
    it: "La data di emissione dell'estratto è nel futuro.",
  },
  "FRESHNESS.skipped": NOT_READ,
  "FINALITY.valid": {
    en: "The anchoring transaction has {confirmations, plural, one {# confirmation} other {# confirmations}}.",
    fr: "La transaction d'ancrage a {confirmations, plural, one {# confirmation} other {# confirmations}}.",
    de: "Die Verankerungstransaktion hat {confirmations, plural, one {# Bestätigung} other {# Bestätigungen}}.",
    it: "La transazione di ancoraggio ha {confirmations, plural, one {# conferma} other {# conferme}}.",
  },
  "FINALITY.NOT_YET_FINAL": {
    en: "The anchoring transaction has {confirmations} of the {minConfirmations, plural, one {# confirmation} other {# confirmations}} required for finality.",
    fr: "La transaction d'ancrage a {confirmations} {minConfirmations, plural, one {de la # confirmation requise} other {des # confirmations requises}} pour être définitive.",
    de: "Die Verankerungstransaktion hat {confirmations} {minConfirmations, plural, one {der # für die Endgültigkeit nötigen Bestätigung} other {der # für die Endgültigkeit nötigen Bestätigungen}}.",
    it: "La transazione di ancoraggio ha {confirmations} {minConfirmations, plural, one {della # conferma richiesta} other {delle # conferme richieste}} per essere definitiva.",
  },
  "FINALITY.skipped": {
    en: "Not checked, because the seal's batch is not anchored or its block is unknown.",
    fr: "Non vérifié, car le lot du sceau n'est pas ancré ou son bloc est inconnu.",
    de: "Nicht geprüft, weil der Stapel des Siegels nicht verankert oder sein Block unbekannt ist.",
    it: "Non verificato, perché il lotto del sigillo non è ancorato o il suo blocco è sconosciuto.",
  },
} satisfies Record<string, Message>;

export type MessageKey = keyof typeof CHECK_PATTERNS;

/** Every message key, for tests and for the browser page. */
export const MESSAGE_KEYS = Object.keys(CHECK_PATTERNS) as MessageKey[];

/**
 * The values a check's pattern is filled with: identifiers as text (a chain id or a block number
 * is not a quantity to group in thousands), counts as numbers (plurals), times in Swiss time.
 */
function messageValues(p: MessageParams, lang: Language): MessageValues {
  const text = (v: string | number | undefined): string => (v === undefined ? "?" : String(v));
  return {
    version: text(p.version),
    registry: text(p.registry),
    address: text(p.address),
    chainId: text(p.chainId),
    levels: p.levels ?? 0,
    root: text(p.root),
    issuer: text(p.issuer),
    anchoredAt: formatDateTime(p.anchoredAt, lang),
    blockNumber: p.blockNumber === undefined ? "none" : String(p.blockNumber),
    revokedAt: formatDateTime(p.revokedAt, lang),
    reason: reasonWords(p.revocationReason ?? "?", lang),
    ageDays: p.ageDays ?? 0,
    maxAgeDays: p.maxAgeDays ?? 0,
    confirmations: p.confirmations ?? 0,
    minConfirmations: p.minConfirmations ?? 0,
    error: text(p.error),
  };
}

/** The key of a check's message: its code and its reason, or its status when it has none. */
function messageKey(check: {
  readonly code: CheckCode;
  readonly status: string;
  readonly reason?: string;
}): string {
  return `${check.code}.${check.reason ?? check.status}`;
}

/**
 * A check's message in `lang`. Revocation reasons (`ISSUED_IN_ERROR`, ...) share one message;
 * a key this table does not know gives null.
 */
export function checkMessage(
  lang: Language,
  check: {
    readonly code: CheckCode;
    readonly status: string;
    readonly reason?: string;
    readonly params?: MessageParams;
  },
): string | null {
  let key = messageKey(check);
  if ((check.code === "ROOT_NOT_REVOKED" || check.code === "LEAF_NOT_REVOKED") && check.status === "invalid")
    key = `${check.code}.REVOKED`;
  if (check.code === "SEAL_FORMAT" && check.status === "invalid" && !(key in CHECK_PATTERNS))
    key = "SEAL_FORMAT.SEAL_MALFORMED";
  const message = (CHECK_PATTERNS as Record<string, Message | undefined>)[key];
  return message ? say(message, lang, messageValues(check.params ?? {}, lang)) : null;
}

/** Verdicts in words, for pages and the command line (`valid` of a copy: {@link verdictSummary}). */
export const VERDICT_MESSAGES: Record<Language, Record<Verdict, string>> = {
  en: {
    valid: "Valid: the extract is genuine and unchanged.",
    modified:
      "Modified: the seal is genuine, but the file was edited after issue. Ask the office or the applicant for the original PDF.",
    revoked: "Revoked: the issuing office has withdrawn this extract.",
    invalid: "Invalid: the seal is forged or broken.",
    unavailable: "Cannot be checked right now: the register could not be read. Try again later.",
  },
  fr: {
    valid: "Valide : l'extrait est authentique et intact.",
    modified:
      "Modifié : le sceau est authentique, mais le fichier a été modifié après l'émission. Demandez le PDF original à l'office ou au requérant.",
    revoked: "Révoqué : l'office émetteur a retiré cet extrait.",
    invalid: "Non valide : le sceau est falsifié ou endommagé.",
    unavailable:
      "Vérification impossible pour l'instant : le registre n'a pas pu être lu. Réessayez plus tard.",
  },
  de: {
    valid: "Gültig: Der Auszug ist echt und unverändert.",
    modified:
      "Verändert: Das Siegel ist echt, aber die Datei wurde nach der Ausstellung bearbeitet. Verlangen Sie das Original-PDF beim Amt oder bei der antragstellenden Person.",
    revoked: "Widerrufen: Das ausstellende Amt hat diesen Auszug zurückgezogen.",
    invalid: "Ungültig: Das Siegel ist gefälscht oder beschädigt.",
    unavailable:
      "Zurzeit nicht prüfbar: Das Register konnte nicht gelesen werden. Versuchen Sie es später erneut.",
  },
  it: {
    valid: "Valido: l'estratto è autentico e integro.",
    modified:
      "Modificato: il sigillo è autentico, ma il file è stato modificato dopo l'emissione. Chiedete il PDF originale all'ufficio o al richiedente.",
    revoked: "Revocato: l'ufficio emittente ha ritirato questo estratto.",
    invalid: "Non valido: il sigillo è falsificato o danneggiato.",
    unavailable:
      "Verifica al momento impossibile: non è stato possibile leggere il registro. Riprovate più tardi.",
  },
};

/** `valid` when only the seal was checked (scope `data`): never "unchanged". */
const VALID_DATA: Message = {
  en: "Genuine seal: check that the paper says the same.",
  fr: "Sceau authentique : vérifiez que le papier dit la même chose.",
  de: "Echtes Siegel: Prüfen Sie, ob auf dem Papier dasselbe steht.",
  it: "Sigillo autentico: verificate che il documento cartaceo dica lo stesso.",
};

/** A `valid` extract older than accepted: said with the verdict. */
const VALID_STALE: Message = {
  en: "Genuine, but issued {days, plural, one {# day} other {# days}} ago: ask for a recent extract.",
  fr: "Authentique, mais émis il y a {days, plural, one {# jour} other {# jours}} : demandez un extrait récent.",
  de: "Echt, aber vor {days, plural, one {# Tag} other {# Tagen}} ausgestellt: Verlangen Sie einen aktuellen Auszug.",
  it: "Autentico, ma emesso {days, plural, one {# giorno} other {# giorni}} fa: chiedete un estratto recente.",
};

/**
 * The report's `summary`: the verdict in words, saying what was proven (a copy's seal is genuine,
 * the paper must say the same) and, for a valid extract older than accepted, its age.
 * @param staleDays the extract's age when it is older than accepted, else null
 */
export function verdictSummary(
  lang: Language,
  verdict: Verdict,
  scope: Scope,
  staleDays: number | null,
): string {
  if (verdict !== "valid") return VERDICT_MESSAGES[lang][verdict];
  const base = scope === "data" ? say(VALID_DATA, lang) : VERDICT_MESSAGES[lang].valid;
  return staleDays === null ? base : `${base} ${say(VALID_STALE, lang, { days: staleDays })}`;
}

/** Warnings in words; `{address}` and `{officialAddress}` are filled by {@link warningMessage}. */
export const WARNING_MESSAGES: Record<Language, Record<Warning, string>> = {
  en: {
    stale: "Older than accepted here: ask for a recent extract.",
    "not-yet-final": "Anchoring not yet final.",
    "unofficial-address":
      "The QR code opens {address}, not the official verification address {officialAddress}: do not trust that page and enter nothing there.",
  },
  fr: {
    stale: "Plus ancien que ce qui est accepté ici : demandez un extrait récent.",
    "not-yet-final": "Ancrage pas encore définitif.",
    "unofficial-address":
      "Le code QR ouvre {address}, et non l'adresse de vérification officielle {officialAddress} : ne vous fiez pas à cette page et n'y saisissez rien.",
  },
  de: {
    stale: "Älter als hier akzeptiert: Verlangen Sie einen aktuellen Auszug.",
    "not-yet-final": "Verankerung noch nicht endgültig.",
    "unofficial-address":
      "Der QR-Code öffnet {address}, nicht die offizielle Prüfadresse {officialAddress}: Vertrauen Sie dieser Seite nicht und geben Sie dort nichts ein.",
  },
  it: {
    stale: "Più vecchio di quanto accettato qui: chiedete un estratto recente.",
    "not-yet-final": "Ancoraggio non ancora definitivo.",
    "unofficial-address":
      "Il codice QR apre {address}, non l'indirizzo di verifica ufficiale {officialAddress}: non fidatevi di quella pagina e non inseritevi nulla.",
  },
};

/** A warning in words, with the report's `warningParams` filled in. */
export function warningMessage(
  lang: Language,
  warning: Warning,
  params: { readonly address?: string; readonly officialAddress?: string } = {},
): string {
  return WARNING_MESSAGES[lang][warning]
    .replace("{address}", params.address ?? "?")
    .replace("{officialAddress}", params.officialAddress ?? "?");
}

export const VERIFY_ERROR_MESSAGES: Record<Language, Record<VerifyErrorCode, string>> = {
  en: {
    QR_NOT_FOUND:
      "No QR code was found. Send the PDF, or a sharp photo in which the whole QR code is visible.",
    PDF_UNREADABLE: "The file is not a readable PDF.",
    IMAGE_UNREADABLE: "The file is not a readable image.",
    UNSUPPORTED_MEDIA_TYPE:
      "This type of file is not accepted. Send a PDF, a JPEG, PNG or WebP image, or the QR text.",
    HEIC_UNSUPPORTED:
      "HEIC photos (iPhone) are not accepted. Send the photo as JPEG (on iPhone: Settings > Camera > Formats > Most Compatible) or a screenshot.",
    PAYLOAD_TOO_LARGE: "The file is too large.",
    IMAGE_TOO_LARGE: "The image has too many pixels. Send a smaller photo.",
    PDF_TOO_MANY_PAGES: "The PDF has too many pages to search. Send only the page with the QR code.",
    TIME_BUDGET_EXCEEDED:
      "No QR code was found in the time allowed. Send a sharper photo, closer to the QR code, or the PDF.",
    PDF_CONTENT_TOO_LARGE:
      "The PDF holds more image data than can be searched here. Send a photo of the page with the QR code, or the PDF as it was issued.",
    VERIFY_BUSY: "The service is busy reading other files. Try again in a few seconds.",
  },
  fr: {
    QR_NOT_FOUND:
      "Aucun code QR n'a été trouvé. Envoyez le PDF, ou une photo nette sur laquelle tout le code QR est visible.",
    PDF_UNREADABLE: "Le fichier n'est pas un PDF lisible.",
    IMAGE_UNREADABLE: "Le fichier n'est pas une image lisible.",
    UNSUPPORTED_MEDIA_TYPE:
      "Ce type de fichier n'est pas accepté. Envoyez un PDF, une image JPEG, PNG ou WebP, ou le texte du code QR.",
    HEIC_UNSUPPORTED:
      "Les photos HEIC (iPhone) ne sont pas acceptées. Envoyez la photo en JPEG (sur iPhone : Réglages > Appareil photo > Formats > Le plus compatible) ou une capture d'écran.",
    PAYLOAD_TOO_LARGE: "Le fichier est trop volumineux.",
    IMAGE_TOO_LARGE: "L'image a trop de pixels. Envoyez une photo plus petite.",
    PDF_TOO_MANY_PAGES:
      "Le PDF a trop de pages pour y chercher le code QR. Envoyez seulement la page qui porte le code QR.",
    TIME_BUDGET_EXCEEDED:
      "Aucun code QR n'a été trouvé dans le temps imparti. Envoyez une photo plus nette, plus proche du code QR, ou le PDF.",
    PDF_CONTENT_TOO_LARGE:
      "Le PDF contient plus de données d'image qu'il n'est possible d'en examiner ici. Envoyez une photo de la page qui porte le code QR, ou le PDF tel qu'il a été émis.",
    VERIFY_BUSY: "Le service est occupé à lire d'autres fichiers. Réessayez dans quelques secondes.",
  },
  de: {
    QR_NOT_FOUND:
      "Es wurde kein QR-Code gefunden. Senden Sie das PDF oder ein scharfes Foto, auf dem der ganze QR-Code sichtbar ist.",
    PDF_UNREADABLE: "Die Datei ist kein lesbares PDF.",
    IMAGE_UNREADABLE: "Die Datei ist kein lesbares Bild.",
    UNSUPPORTED_MEDIA_TYPE:
      "Dieser Dateityp wird nicht angenommen. Senden Sie ein PDF, ein JPEG-, PNG- oder WebP-Bild oder den Text des QR-Codes.",
    HEIC_UNSUPPORTED:
      "HEIC-Fotos (iPhone) werden nicht angenommen. Senden Sie das Foto als JPEG (auf dem iPhone: Einstellungen > Kamera > Formate > Maximale Kompatibilität) oder ein Bildschirmfoto.",
    PAYLOAD_TOO_LARGE: "Die Datei ist zu gross.",
    IMAGE_TOO_LARGE: "Das Bild hat zu viele Pixel. Senden Sie ein kleineres Foto.",
    PDF_TOO_MANY_PAGES:
      "Das PDF hat zu viele Seiten für die Suche. Senden Sie nur die Seite mit dem QR-Code.",
    TIME_BUDGET_EXCEEDED:
      "In der verfügbaren Zeit wurde kein QR-Code gefunden. Senden Sie ein schärferes Foto, näher am QR-Code, oder das PDF.",
    PDF_CONTENT_TOO_LARGE:
      "Das PDF enthält mehr Bilddaten, als hier durchsucht werden können. Senden Sie ein Foto der Seite mit dem QR-Code oder das PDF, wie es ausgestellt wurde.",
    VERIFY_BUSY: "Der Dienst liest gerade andere Dateien. Versuchen Sie es in einigen Sekunden erneut.",
  },
  it: {
    QR_NOT_FOUND:
      "Non è stato trovato alcun codice QR. Inviate il PDF, o una foto nitida in cui tutto il codice QR è visibile.",
    PDF_UNREADABLE: "Il file non è un PDF leggibile.",
    IMAGE_UNREADABLE: "Il file non è un'immagine leggibile.",
    UNSUPPORTED_MEDIA_TYPE:
      "Questo tipo di file non è accettato. Inviate un PDF, un'immagine JPEG, PNG o WebP, o il testo del codice QR.",
    HEIC_UNSUPPORTED:
      "Le foto HEIC (iPhone) non sono accettate. Inviate la foto in JPEG (su iPhone: Impostazioni > Fotocamera > Formati > Più compatibile) o uno screenshot.",
    PAYLOAD_TOO_LARGE: "Il file è troppo grande.",
    IMAGE_TOO_LARGE: "L'immagine ha troppi pixel. Inviate una foto più piccola.",
    PDF_TOO_MANY_PAGES: "Il PDF ha troppe pagine per la ricerca. Inviate solo la pagina con il codice QR.",
    TIME_BUDGET_EXCEEDED:
      "Nel tempo disponibile non è stato trovato alcun codice QR. Inviate una foto più nitida, più vicina al codice QR, o il PDF.",
    PDF_CONTENT_TOO_LARGE:
      "Il PDF contiene più dati d'immagine di quanti se ne possano esaminare qui. Inviate una foto della pagina con il codice QR, o il PDF così come è stato emesso.",
    VERIFY_BUSY: "Il servizio sta leggendo altri file. Riprovate fra qualche secondo.",
  },
};

export const DEFAULT_LANGUAGE: Language = "en";
