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
import type { CheckCode, MessageParams, Verdict, Warning } from "./verdict.ts";

type Template = (p: MessageParams, lang: Language) => string;

const n = (v: number | undefined): number => v ?? 0;
const s = (v: string | undefined): string => v ?? "?";

/**
 * A date-time as people read it where the language is spoken: `02.11.2026 09:30 UTC` in
 * fr, de and it (Swiss usage), `2026-11-02 09:30 UTC` in en. Input: ISO 8601.
 */
export function formatDateTime(iso: string | undefined, lang: Language): string {
  if (!iso || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso)) return s(iso);
  const [date = "", time = ""] = iso.split("T");
  const [y, m, d] = date.split("-");
  const hm = time.slice(0, 5);
  return lang === "en" ? `${date} ${hm} UTC` : `${d ?? ""}.${m ?? ""}.${y ?? ""} ${hm} UTC`;
}

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

/**
 * A revocation reason in words. A registry of version 1 accepted any code from 1 to 255, so a
 * code this verifier does not document (`code-200`) is named as such, with its number.
 */
export function reasonWords(reason: string, lang: Language): string {
  const words = REASON_WORDS[lang][reason];
  if (words) return words;
  const code = /^code-(\d+)$/.exec(reason)?.[1];
  if (code === undefined) return reason;
  return {
    en: `a reason this verifier does not know, code ${code}`,
    fr: `un motif que ce vérificateur ne connaît pas, code ${code}`,
    de: `ein Grund, den diese Prüfstelle nicht kennt, Code ${code}`,
    it: `un motivo che questo verificatore non conosce, codice ${code}`,
  }[lang];
}

const reason = (p: MessageParams, lang: Language): string => reasonWords(s(p.revocationReason), lang);

/** Messages keyed by `<check>.<reason or status>`; each language has exactly the same keys. */
const EN = {
  "SEAL_FORMAT.valid": (p) => `The QR code holds a well-formed Sceau seal (version ${n(p.version)}).`,
  "SEAL_FORMAT.QR_TEXT_INVALID": () => "The QR code holds no Sceau seal.",
  "SEAL_FORMAT.QR_LINK_INVALID": () =>
    "The QR code holds a seal behind a link that is not a verification address (http(s)://<address>/v#…): it was not printed by an office.",
  "SEAL_FORMAT.SEAL_EMPTY": () => "The QR code holds an empty seal.",
  "SEAL_FORMAT.SEAL_UNKNOWN_VERSION": () => "The seal has a version this verifier does not know.",
  "SEAL_FORMAT.SEAL_TRUNCATED": () => "The seal is incomplete: the QR text was cut short.",
  "SEAL_FORMAT.SEAL_TRAILING_BYTES": () => "The seal has extra bytes after its end.",
  "SEAL_FORMAT.SEAL_FIELD_INVALID": () => "The seal has a malformed field.",
  "SEAL_FORMAT.SEAL_TOO_LARGE": () => "The seal is larger than any Sceau seal can be.",
  "SEAL_FORMAT.SEAL_MALFORMED": () => "The seal could not be read.",
  "REGISTRY_TRUSTED.valid": (p) => `The seal names the trusted registry of ${s(p.registry)}.`,
  "REGISTRY_TRUSTED.UNKNOWN_REGISTRY": (p) =>
    `The seal names registry ${s(p.address)} on chain ${n(p.chainId)}, which is not in this verifier's trust list: the issuer is unknown.`,
  "REGISTRY_TRUSTED.skipped": () => "Not checked: the seal could not be read.",
  "MERKLE_PROOF.valid": (p) =>
    `The seal's data and proof (${n(p.levels)} level${n(p.levels) === 1 ? "" : "s"}) lead to batch root ${s(p.root)}.`,
  "MERKLE_PROOF.ROOT_MISMATCH": () =>
    "The seal's data and proof do not lead to the batch root it names: the data were altered.",
  "MERKLE_PROOF.skipped": () => "Not checked: the seal could not be read.",
  "ROOT_ANCHORED.valid": (p, l) =>
    `The batch root was anchored on ${formatDateTime(p.anchoredAt, l)}${p.blockNumber === undefined ? "" : ` in block ${p.blockNumber}`} by account ${s(p.issuer)}.`,
  "ROOT_ANCHORED.NOT_ANCHORED": (p) =>
    `Batch root ${s(p.root)} is not anchored in the registry of ${s(p.registry)}.`,
  "ROOT_ANCHORED.CHAIN_UNAVAILABLE": (p) =>
    `The chain of ${s(p.registry)} could not be read (${s(p.error)}): no conclusion is possible.`,
  "ROOT_ANCHORED.skipped": () => "Not checked: the seal is not authentic.",
  "ISSUER_AUTHORISED.valid": (p) =>
    `Account ${s(p.issuer)} holds the issuer role of ${s(p.registry)} for this anchor.`,
  "ISSUER_AUTHORISED.ISSUER_NOT_AUTHORISED": (p) =>
    `Account ${s(p.issuer)} no longer holds the issuer role of ${s(p.registry)}: its anchors are withdrawn.`,
  "ISSUER_AUTHORISED.CHAIN_UNAVAILABLE": (p) =>
    `The chain of ${s(p.registry)} could not be read (${s(p.error)}): no conclusion is possible.`,
  "ISSUER_AUTHORISED.skipped": () => "Not checked: the root is not anchored in a trusted registry.",
  "ROOT_NOT_REVOKED.valid": () => "The batch is not revoked.",
  "ROOT_NOT_REVOKED.REVOKED": (p, l) =>
    `The whole batch was revoked on ${formatDateTime(p.revokedAt, l)} (${reason(p, l)}).`,
  "ROOT_NOT_REVOKED.CHAIN_UNAVAILABLE": (p) =>
    `The chain of ${s(p.registry)} could not be read (${s(p.error)}): no conclusion is possible.`,
  "ROOT_NOT_REVOKED.skipped": () => "Not checked: the root is not anchored in a trusted registry.",
  "LEAF_NOT_REVOKED.valid": () => "This extract is not revoked.",
  "LEAF_NOT_REVOKED.REVOKED": (p, l) =>
    `This extract was revoked on ${formatDateTime(p.revokedAt, l)} (${reason(p, l)}).`,
  "LEAF_NOT_REVOKED.CHAIN_UNAVAILABLE": (p) =>
    `The chain of ${s(p.registry)} could not be read (${s(p.error)}): no conclusion is possible.`,
  "LEAF_NOT_REVOKED.skipped": () => "Not checked: the root is not anchored in a trusted registry.",
  "PDF_INTEGRITY.valid": () => "The PDF file is exactly the one issued.",
  "PDF_INTEGRITY.REVISION_NOT_FOUND": () =>
    "The PDF's content is not the content that was sealed: the file was edited or re-saved. Trust only the data shown here.",
  "PDF_INTEGRITY.EXTRA_CHANGES": () =>
    "The sealed content is intact, but the file was changed after issuance. Trust only the data shown here.",
  "PDF_INTEGRITY.NO_FILE": () => "No file was given: only the data in the QR code were checked.",
  "PDF_INTEGRITY.IMAGE": () =>
    "A photo or scan was given: only the data in the QR code were checked. Compare them with the paper.",
  "PDF_INTEGRITY.NOT_STAMPED": () =>
    "The QR code was read from the page's pixels (a scanned or re-drawn PDF): only the data in the QR code were checked. Compare them with the document.",
  "PDF_INTEGRITY.UNOFFICIAL_QR_TEXT": () =>
    "The QR code in this file is not the one the office printed: it does not hold exactly the seal behind the official verification address. The file is not the one issued. Trust only the data shown here.",
  "PDF_INTEGRITY.IMAGE_AS_PDF": () =>
    "This file is a picture that was sent as a PDF or that also holds a PDF: a PDF viewer may show another document than the one checked here. The file is not the PDF issued; only the data in the QR code were checked.",
  "FRESHNESS.valid": (p) => `The extract is ${n(p.ageDays)} day${n(p.ageDays) === 1 ? "" : "s"} old.`,
  "FRESHNESS.STALE": (p) =>
    `The extract is ${n(p.ageDays)} days old, older than the ${n(p.maxAgeDays)} days accepted here: ask for a recent one.`,
  "FRESHNESS.ISSUED_IN_FUTURE": () => "The extract's issue time lies in the future.",
  "FRESHNESS.skipped": () => "Not checked: the seal could not be read.",
  "FINALITY.valid": (p) =>
    `The anchoring transaction has ${n(p.confirmations)} confirmation${n(p.confirmations) === 1 ? "" : "s"}.`,
  "FINALITY.NOT_YET_FINAL": (p) =>
    `The anchoring transaction has ${n(p.confirmations)} of the ${n(p.minConfirmations)} confirmations required for finality.`,
  "FINALITY.skipped": () => "Not checked: the anchoring block is unknown.",
} satisfies Record<string, Template>;

export type MessageKey = keyof typeof EN;

const FR: Record<MessageKey, Template> = {
  "SEAL_FORMAT.valid": (p) => `Le code QR contient un sceau Sceau bien formé (version ${n(p.version)}).`,
  "SEAL_FORMAT.QR_TEXT_INVALID": () => "Le code QR ne contient aucun sceau Sceau.",
  "SEAL_FORMAT.QR_LINK_INVALID": () =>
    "Le code QR contient un sceau derrière un lien qui n'est pas une adresse de vérification (http(s)://<adresse>/v#…) : il n'a pas été imprimé par un office.",
  "SEAL_FORMAT.SEAL_EMPTY": () => "Le code QR contient un sceau vide.",
  "SEAL_FORMAT.SEAL_UNKNOWN_VERSION": () => "Le sceau a une version inconnue de ce vérificateur.",
  "SEAL_FORMAT.SEAL_TRUNCATED": () => "Le sceau est incomplet : le texte du code QR est tronqué.",
  "SEAL_FORMAT.SEAL_TRAILING_BYTES": () => "Le sceau contient des octets après sa fin.",
  "SEAL_FORMAT.SEAL_FIELD_INVALID": () => "Le sceau contient un champ mal formé.",
  "SEAL_FORMAT.SEAL_TOO_LARGE": () => "Le sceau est plus grand que ne peut l'être un sceau Sceau.",
  "SEAL_FORMAT.SEAL_MALFORMED": () => "Le sceau n'a pas pu être lu.",
  "REGISTRY_TRUSTED.valid": (p) => `Le sceau désigne le registre de confiance de ${s(p.registry)}.`,
  "REGISTRY_TRUSTED.UNKNOWN_REGISTRY": (p) =>
    `Le sceau désigne le registre ${s(p.address)} sur la chaîne ${n(p.chainId)}, qui ne figure pas dans la liste de confiance de ce vérificateur : l'émetteur est inconnu.`,
  "REGISTRY_TRUSTED.skipped": () => "Non vérifié : le sceau n'a pas pu être lu.",
  "MERKLE_PROOF.valid": (p) =>
    `Les données et la preuve du sceau (${n(p.levels)} niveau${n(p.levels) > 1 ? "x" : ""}) mènent à la racine de lot ${s(p.root)}.`,
  "MERKLE_PROOF.ROOT_MISMATCH": () =>
    "Les données et la preuve du sceau ne mènent pas à la racine de lot qu'il indique : les données ont été modifiées.",
  "MERKLE_PROOF.skipped": () => "Non vérifié : le sceau n'a pas pu être lu.",
  "ROOT_ANCHORED.valid": (p, l) =>
    `La racine du lot a été ancrée le ${formatDateTime(p.anchoredAt, l)}${p.blockNumber === undefined ? "" : ` dans le bloc ${p.blockNumber}`} par le compte ${s(p.issuer)}.`,
  "ROOT_ANCHORED.NOT_ANCHORED": (p) =>
    `La racine de lot ${s(p.root)} n'est pas ancrée dans le registre de ${s(p.registry)}.`,
  "ROOT_ANCHORED.CHAIN_UNAVAILABLE": (p) =>
    `La chaîne de ${s(p.registry)} n'a pas pu être lue (${s(p.error)}) : aucune conclusion n'est possible.`,
  "ROOT_ANCHORED.skipped": () => "Non vérifié : le sceau n'est pas authentique.",
  "ISSUER_AUTHORISED.valid": (p) =>
    `Le compte ${s(p.issuer)} détient le rôle d'émetteur de ${s(p.registry)} pour cet ancrage.`,
  "ISSUER_AUTHORISED.ISSUER_NOT_AUTHORISED": (p) =>
    `Le compte ${s(p.issuer)} ne détient plus le rôle d'émetteur de ${s(p.registry)} : ses ancrages sont retirés.`,
  "ISSUER_AUTHORISED.CHAIN_UNAVAILABLE": (p) =>
    `La chaîne de ${s(p.registry)} n'a pas pu être lue (${s(p.error)}) : aucune conclusion n'est possible.`,
  "ISSUER_AUTHORISED.skipped": () =>
    "Non vérifié : la racine n'est pas ancrée dans un registre de confiance.",
  "ROOT_NOT_REVOKED.valid": () => "Le lot n'est pas révoqué.",
  "ROOT_NOT_REVOKED.REVOKED": (p, l) =>
    `Le lot entier a été révoqué le ${formatDateTime(p.revokedAt, l)} (${reason(p, l)}).`,
  "ROOT_NOT_REVOKED.CHAIN_UNAVAILABLE": (p) =>
    `La chaîne de ${s(p.registry)} n'a pas pu être lue (${s(p.error)}) : aucune conclusion n'est possible.`,
  "ROOT_NOT_REVOKED.skipped": () => "Non vérifié : la racine n'est pas ancrée dans un registre de confiance.",
  "LEAF_NOT_REVOKED.valid": () => "Cet extrait n'est pas révoqué.",
  "LEAF_NOT_REVOKED.REVOKED": (p, l) =>
    `Cet extrait a été révoqué le ${formatDateTime(p.revokedAt, l)} (${reason(p, l)}).`,
  "LEAF_NOT_REVOKED.CHAIN_UNAVAILABLE": (p) =>
    `La chaîne de ${s(p.registry)} n'a pas pu être lue (${s(p.error)}) : aucune conclusion n'est possible.`,
  "LEAF_NOT_REVOKED.skipped": () => "Non vérifié : la racine n'est pas ancrée dans un registre de confiance.",
  "PDF_INTEGRITY.valid": () => "Le fichier PDF est exactement celui qui a été émis.",
  "PDF_INTEGRITY.REVISION_NOT_FOUND": () =>
    "Le contenu du PDF n'est pas celui qui a été scellé : le fichier a été modifié ou réenregistré. Ne vous fiez qu'aux données affichées ici.",
  "PDF_INTEGRITY.EXTRA_CHANGES": () =>
    "Le contenu scellé est intact, mais le fichier a été modifié après l'émission. Ne vous fiez qu'aux données affichées ici.",
  "PDF_INTEGRITY.NO_FILE": () =>
    "Aucun fichier n'a été fourni : seules les données du code QR ont été vérifiées.",
  "PDF_INTEGRITY.IMAGE": () =>
    "Une photo ou un scan a été fourni : seules les données du code QR ont été vérifiées. Comparez-les avec le papier.",
  "PDF_INTEGRITY.NOT_STAMPED": () =>
    "Le code QR a été lu dans les pixels de la page (PDF scanné ou redessiné) : seules les données du code QR ont été vérifiées. Comparez-les avec le document.",
  "PDF_INTEGRITY.UNOFFICIAL_QR_TEXT": () =>
    "Le code QR de ce fichier n'est pas celui que l'office a imprimé : il ne contient pas exactement le sceau derrière l'adresse de vérification officielle. Le fichier n'est pas celui qui a été émis. Ne vous fiez qu'aux données affichées ici.",
  "PDF_INTEGRITY.IMAGE_AS_PDF": () =>
    "Ce fichier est une image envoyée comme PDF ou qui contient aussi un PDF : un lecteur PDF peut afficher un autre document que celui vérifié ici. Le fichier n'est pas le PDF émis ; seules les données du code QR ont été vérifiées.",
  "FRESHNESS.valid": (p) => `L'extrait date de ${n(p.ageDays)} jour${n(p.ageDays) > 1 ? "s" : ""}.`,
  "FRESHNESS.STALE": (p) =>
    `L'extrait date de ${n(p.ageDays)} jours, plus que les ${n(p.maxAgeDays)} jours acceptés ici : demandez-en un récent.`,
  "FRESHNESS.ISSUED_IN_FUTURE": () => "La date d'émission de l'extrait est dans le futur.",
  "FRESHNESS.skipped": () => "Non vérifié : le sceau n'a pas pu être lu.",
  "FINALITY.valid": (p) =>
    `La transaction d'ancrage a ${n(p.confirmations)} confirmation${n(p.confirmations) > 1 ? "s" : ""}.`,
  "FINALITY.NOT_YET_FINAL": (p) =>
    `La transaction d'ancrage a ${n(p.confirmations)} des ${n(p.minConfirmations)} confirmations requises pour être définitive.`,
  "FINALITY.skipped": () => "Non vérifié : le bloc d'ancrage est inconnu.",
};

const DE: Record<MessageKey, Template> = {
  "SEAL_FORMAT.valid": (p) =>
    `Der QR-Code enthält ein gültig aufgebautes Sceau-Siegel (Version ${n(p.version)}).`,
  "SEAL_FORMAT.QR_TEXT_INVALID": () => "Der QR-Code enthält kein Sceau-Siegel.",
  "SEAL_FORMAT.QR_LINK_INVALID": () =>
    "Der QR-Code enthält ein Siegel hinter einem Link, der keine Prüfadresse ist (http(s)://<Adresse>/v#…): Er wurde nicht von einem Amt gedruckt.",
  "SEAL_FORMAT.SEAL_EMPTY": () => "Der QR-Code enthält ein leeres Siegel.",
  "SEAL_FORMAT.SEAL_UNKNOWN_VERSION": () => "Das Siegel hat eine Version, die diese Prüfstelle nicht kennt.",
  "SEAL_FORMAT.SEAL_TRUNCATED": () =>
    "Das Siegel ist unvollständig: Der Text des QR-Codes ist abgeschnitten.",
  "SEAL_FORMAT.SEAL_TRAILING_BYTES": () => "Das Siegel enthält Bytes nach seinem Ende.",
  "SEAL_FORMAT.SEAL_FIELD_INVALID": () => "Das Siegel enthält ein fehlerhaftes Feld.",
  "SEAL_FORMAT.SEAL_TOO_LARGE": () => "Das Siegel ist grösser, als ein Sceau-Siegel sein kann.",
  "SEAL_FORMAT.SEAL_MALFORMED": () => "Das Siegel konnte nicht gelesen werden.",
  "REGISTRY_TRUSTED.valid": (p) => `Das Siegel nennt das vertrauenswürdige Register von ${s(p.registry)}.`,
  "REGISTRY_TRUSTED.UNKNOWN_REGISTRY": (p) =>
    `Das Siegel nennt das Register ${s(p.address)} auf der Chain ${n(p.chainId)}, das nicht in der Vertrauensliste dieser Prüfstelle steht: Der Aussteller ist unbekannt.`,
  "REGISTRY_TRUSTED.skipped": () => "Nicht geprüft: Das Siegel konnte nicht gelesen werden.",
  "MERKLE_PROOF.valid": (p) =>
    `Daten und Beweis des Siegels (${n(p.levels)} Stufe${n(p.levels) === 1 ? "" : "n"}) führen zur Batch-Wurzel ${s(p.root)}.`,
  "MERKLE_PROOF.ROOT_MISMATCH": () =>
    "Daten und Beweis des Siegels führen nicht zur angegebenen Batch-Wurzel: Die Daten wurden verändert.",
  "MERKLE_PROOF.skipped": () => "Nicht geprüft: Das Siegel konnte nicht gelesen werden.",
  "ROOT_ANCHORED.valid": (p, l) =>
    `Die Batch-Wurzel wurde am ${formatDateTime(p.anchoredAt, l)}${p.blockNumber === undefined ? "" : ` in Block ${p.blockNumber}`} vom Konto ${s(p.issuer)} verankert.`,
  "ROOT_ANCHORED.NOT_ANCHORED": (p) =>
    `Die Batch-Wurzel ${s(p.root)} ist im Register von ${s(p.registry)} nicht verankert.`,
  "ROOT_ANCHORED.CHAIN_UNAVAILABLE": (p) =>
    `Die Chain von ${s(p.registry)} konnte nicht gelesen werden (${s(p.error)}): Es ist keine Aussage möglich.`,
  "ROOT_ANCHORED.skipped": () => "Nicht geprüft: Das Siegel ist nicht echt.",
  "ISSUER_AUTHORISED.valid": (p) =>
    `Das Konto ${s(p.issuer)} hat für diese Verankerung die Ausstellerrolle von ${s(p.registry)}.`,
  "ISSUER_AUTHORISED.ISSUER_NOT_AUTHORISED": (p) =>
    `Das Konto ${s(p.issuer)} hat die Ausstellerrolle von ${s(p.registry)} nicht mehr: Seine Verankerungen sind zurückgezogen.`,
  "ISSUER_AUTHORISED.CHAIN_UNAVAILABLE": (p) =>
    `Die Chain von ${s(p.registry)} konnte nicht gelesen werden (${s(p.error)}): Es ist keine Aussage möglich.`,
  "ISSUER_AUTHORISED.skipped": () =>
    "Nicht geprüft: Die Wurzel ist in keinem vertrauenswürdigen Register verankert.",
  "ROOT_NOT_REVOKED.valid": () => "Der Batch ist nicht widerrufen.",
  "ROOT_NOT_REVOKED.REVOKED": (p, l) =>
    `Der ganze Batch wurde am ${formatDateTime(p.revokedAt, l)} widerrufen (${reason(p, l)}).`,
  "ROOT_NOT_REVOKED.CHAIN_UNAVAILABLE": (p) =>
    `Die Chain von ${s(p.registry)} konnte nicht gelesen werden (${s(p.error)}): Es ist keine Aussage möglich.`,
  "ROOT_NOT_REVOKED.skipped": () =>
    "Nicht geprüft: Die Wurzel ist in keinem vertrauenswürdigen Register verankert.",
  "LEAF_NOT_REVOKED.valid": () => "Dieser Auszug ist nicht widerrufen.",
  "LEAF_NOT_REVOKED.REVOKED": (p, l) =>
    `Dieser Auszug wurde am ${formatDateTime(p.revokedAt, l)} widerrufen (${reason(p, l)}).`,
  "LEAF_NOT_REVOKED.CHAIN_UNAVAILABLE": (p) =>
    `Die Chain von ${s(p.registry)} konnte nicht gelesen werden (${s(p.error)}): Es ist keine Aussage möglich.`,
  "LEAF_NOT_REVOKED.skipped": () =>
    "Nicht geprüft: Die Wurzel ist in keinem vertrauenswürdigen Register verankert.",
  "PDF_INTEGRITY.valid": () => "Die PDF-Datei ist genau die ausgestellte.",
  "PDF_INTEGRITY.REVISION_NOT_FOUND": () =>
    "Der Inhalt der PDF-Datei ist nicht der versiegelte: Die Datei wurde bearbeitet oder neu gespeichert. Vertrauen Sie nur den hier angezeigten Daten.",
  "PDF_INTEGRITY.EXTRA_CHANGES": () =>
    "Der versiegelte Inhalt ist unverändert, aber die Datei wurde nach der Ausstellung geändert. Vertrauen Sie nur den hier angezeigten Daten.",
  "PDF_INTEGRITY.NO_FILE": () => "Es wurde keine Datei übergeben: Nur die Daten im QR-Code wurden geprüft.",
  "PDF_INTEGRITY.IMAGE": () =>
    "Ein Foto oder Scan wurde übergeben: Nur die Daten im QR-Code wurden geprüft. Vergleichen Sie sie mit dem Papier.",
  "PDF_INTEGRITY.NOT_STAMPED": () =>
    "Der QR-Code wurde aus den Pixeln der Seite gelesen (gescanntes oder neu gezeichnetes PDF): Nur die Daten im QR-Code wurden geprüft. Vergleichen Sie sie mit dem Dokument.",
  "PDF_INTEGRITY.UNOFFICIAL_QR_TEXT": () =>
    "Der QR-Code dieser Datei ist nicht der vom Amt gedruckte: Er enthält nicht genau das Siegel hinter der offiziellen Prüfadresse. Die Datei ist nicht die ausgestellte. Vertrauen Sie nur den hier angezeigten Daten.",
  "PDF_INTEGRITY.IMAGE_AS_PDF": () =>
    "Diese Datei ist ein Bild, das als PDF gesendet wurde oder zusätzlich ein PDF enthält: Ein PDF-Programm kann ein anderes Dokument zeigen als das hier geprüfte. Die Datei ist nicht das ausgestellte PDF; nur die Daten im QR-Code wurden geprüft.",
  "FRESHNESS.valid": (p) => `Der Auszug ist ${n(p.ageDays)} Tag${n(p.ageDays) === 1 ? "" : "e"} alt.`,
  "FRESHNESS.STALE": (p) =>
    `Der Auszug ist ${n(p.ageDays)} Tage alt, älter als die hier akzeptierten ${n(p.maxAgeDays)} Tage: Verlangen Sie einen aktuellen.`,
  "FRESHNESS.ISSUED_IN_FUTURE": () => "Das Ausstellungsdatum des Auszugs liegt in der Zukunft.",
  "FRESHNESS.skipped": () => "Nicht geprüft: Das Siegel konnte nicht gelesen werden.",
  "FINALITY.valid": (p) =>
    `Die Verankerungstransaktion hat ${n(p.confirmations)} Bestätigung${n(p.confirmations) === 1 ? "" : "en"}.`,
  "FINALITY.NOT_YET_FINAL": (p) =>
    `Die Verankerungstransaktion hat ${n(p.confirmations)} der ${n(p.minConfirmations)} für die Endgültigkeit nötigen Bestätigungen.`,
  "FINALITY.skipped": () => "Nicht geprüft: Der Verankerungsblock ist unbekannt.",
};

const IT: Record<MessageKey, Template> = {
  "SEAL_FORMAT.valid": (p) =>
    `Il codice QR contiene un sigillo Sceau ben formato (versione ${n(p.version)}).`,
  "SEAL_FORMAT.QR_TEXT_INVALID": () => "Il codice QR non contiene alcun sigillo Sceau.",
  "SEAL_FORMAT.QR_LINK_INVALID": () =>
    "Il codice QR contiene un sigillo dietro un link che non è un indirizzo di verifica (http(s)://<indirizzo>/v#…): non è stato stampato da un ufficio.",
  "SEAL_FORMAT.SEAL_EMPTY": () => "Il codice QR contiene un sigillo vuoto.",
  "SEAL_FORMAT.SEAL_UNKNOWN_VERSION": () => "Il sigillo ha una versione sconosciuta a questo verificatore.",
  "SEAL_FORMAT.SEAL_TRUNCATED": () => "Il sigillo è incompleto: il testo del codice QR è troncato.",
  "SEAL_FORMAT.SEAL_TRAILING_BYTES": () => "Il sigillo contiene byte dopo la sua fine.",
  "SEAL_FORMAT.SEAL_FIELD_INVALID": () => "Il sigillo contiene un campo malformato.",
  "SEAL_FORMAT.SEAL_TOO_LARGE": () => "Il sigillo è più grande di quanto possa essere un sigillo Sceau.",
  "SEAL_FORMAT.SEAL_MALFORMED": () => "Non è stato possibile leggere il sigillo.",
  "REGISTRY_TRUSTED.valid": (p) => `Il sigillo indica il registro attendibile di ${s(p.registry)}.`,
  "REGISTRY_TRUSTED.UNKNOWN_REGISTRY": (p) =>
    `Il sigillo indica il registro ${s(p.address)} sulla catena ${n(p.chainId)}, che non figura nell'elenco di fiducia di questo verificatore: l'emittente è sconosciuto.`,
  "REGISTRY_TRUSTED.skipped": () => "Non verificato: non è stato possibile leggere il sigillo.",
  "MERKLE_PROOF.valid": (p) =>
    `I dati e la prova del sigillo (${n(p.levels)} livell${n(p.levels) === 1 ? "o" : "i"}) portano alla radice del lotto ${s(p.root)}.`,
  "MERKLE_PROOF.ROOT_MISMATCH": () =>
    "I dati e la prova del sigillo non portano alla radice del lotto che indica: i dati sono stati modificati.",
  "MERKLE_PROOF.skipped": () => "Non verificato: non è stato possibile leggere il sigillo.",
  "ROOT_ANCHORED.valid": (p, l) =>
    `La radice del lotto è stata ancorata il ${formatDateTime(p.anchoredAt, l)}${p.blockNumber === undefined ? "" : ` nel blocco ${p.blockNumber}`} dal conto ${s(p.issuer)}.`,
  "ROOT_ANCHORED.NOT_ANCHORED": (p) =>
    `La radice del lotto ${s(p.root)} non è ancorata nel registro di ${s(p.registry)}.`,
  "ROOT_ANCHORED.CHAIN_UNAVAILABLE": (p) =>
    `Non è stato possibile leggere la catena di ${s(p.registry)} (${s(p.error)}): nessuna conclusione è possibile.`,
  "ROOT_ANCHORED.skipped": () => "Non verificato: il sigillo non è autentico.",
  "ISSUER_AUTHORISED.valid": (p) =>
    `Il conto ${s(p.issuer)} detiene il ruolo di emittente di ${s(p.registry)} per questo ancoraggio.`,
  "ISSUER_AUTHORISED.ISSUER_NOT_AUTHORISED": (p) =>
    `Il conto ${s(p.issuer)} non detiene più il ruolo di emittente di ${s(p.registry)}: i suoi ancoraggi sono ritirati.`,
  "ISSUER_AUTHORISED.CHAIN_UNAVAILABLE": (p) =>
    `Non è stato possibile leggere la catena di ${s(p.registry)} (${s(p.error)}): nessuna conclusione è possibile.`,
  "ISSUER_AUTHORISED.skipped": () => "Non verificato: la radice non è ancorata in un registro attendibile.",
  "ROOT_NOT_REVOKED.valid": () => "Il lotto non è revocato.",
  "ROOT_NOT_REVOKED.REVOKED": (p, l) =>
    `L'intero lotto è stato revocato il ${formatDateTime(p.revokedAt, l)} (${reason(p, l)}).`,
  "ROOT_NOT_REVOKED.CHAIN_UNAVAILABLE": (p) =>
    `Non è stato possibile leggere la catena di ${s(p.registry)} (${s(p.error)}): nessuna conclusione è possibile.`,
  "ROOT_NOT_REVOKED.skipped": () => "Non verificato: la radice non è ancorata in un registro attendibile.",
  "LEAF_NOT_REVOKED.valid": () => "Questo estratto non è revocato.",
  "LEAF_NOT_REVOKED.REVOKED": (p, l) =>
    `Questo estratto è stato revocato il ${formatDateTime(p.revokedAt, l)} (${reason(p, l)}).`,
  "LEAF_NOT_REVOKED.CHAIN_UNAVAILABLE": (p) =>
    `Non è stato possibile leggere la catena di ${s(p.registry)} (${s(p.error)}): nessuna conclusione è possibile.`,
  "LEAF_NOT_REVOKED.skipped": () => "Non verificato: la radice non è ancorata in un registro attendibile.",
  "PDF_INTEGRITY.valid": () => "Il file PDF è esattamente quello emesso.",
  "PDF_INTEGRITY.REVISION_NOT_FOUND": () =>
    "Il contenuto del PDF non è quello sigillato: il file è stato modificato o salvato di nuovo. Fidatevi solo dei dati mostrati qui.",
  "PDF_INTEGRITY.EXTRA_CHANGES": () =>
    "Il contenuto sigillato è intatto, ma il file è stato modificato dopo l'emissione. Fidatevi solo dei dati mostrati qui.",
  "PDF_INTEGRITY.NO_FILE": () =>
    "Nessun file è stato fornito: sono stati verificati solo i dati del codice QR.",
  "PDF_INTEGRITY.IMAGE": () =>
    "È stata fornita una foto o una scansione: sono stati verificati solo i dati del codice QR. Confrontateli con la carta.",
  "PDF_INTEGRITY.NOT_STAMPED": () =>
    "Il codice QR è stato letto dai pixel della pagina (PDF scansionato o ridisegnato): sono stati verificati solo i dati del codice QR. Confrontateli con il documento.",
  "PDF_INTEGRITY.UNOFFICIAL_QR_TEXT": () =>
    "Il codice QR di questo file non è quello stampato dall'ufficio: non contiene esattamente il sigillo dietro l'indirizzo di verifica ufficiale. Il file non è quello emesso. Fidatevi solo dei dati mostrati qui.",
  "PDF_INTEGRITY.IMAGE_AS_PDF": () =>
    "Questo file è un'immagine inviata come PDF o che contiene anche un PDF: un lettore PDF può mostrare un documento diverso da quello verificato qui. Il file non è il PDF emesso; sono stati verificati solo i dati del codice QR.",
  "FRESHNESS.valid": (p) => `L'estratto ha ${n(p.ageDays)} giorn${n(p.ageDays) === 1 ? "o" : "i"}.`,
  "FRESHNESS.STALE": (p) =>
    `L'estratto ha ${n(p.ageDays)} giorni, più dei ${n(p.maxAgeDays)} giorni accettati qui: chiedetene uno recente.`,
  "FRESHNESS.ISSUED_IN_FUTURE": () => "La data di emissione dell'estratto è nel futuro.",
  "FRESHNESS.skipped": () => "Non verificato: non è stato possibile leggere il sigillo.",
  "FINALITY.valid": (p) =>
    `La transazione di ancoraggio ha ${n(p.confirmations)} conferm${n(p.confirmations) === 1 ? "a" : "e"}.`,
  "FINALITY.NOT_YET_FINAL": (p) =>
    `La transazione di ancoraggio ha ${n(p.confirmations)} delle ${n(p.minConfirmations)} conferme richieste per essere definitiva.`,
  "FINALITY.skipped": () => "Non verificato: il blocco di ancoraggio è sconosciuto.",
};

const CHECK_MESSAGES: Record<Language, Record<MessageKey, Template>> = { en: EN, fr: FR, de: DE, it: IT };

/** Every message key, for tests and for the browser page. */
export const MESSAGE_KEYS = Object.keys(EN) as MessageKey[];

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
  if (check.code === "SEAL_FORMAT" && check.status === "invalid" && !(key in EN))
    key = "SEAL_FORMAT.SEAL_MALFORMED";
  const template = (CHECK_MESSAGES[lang] as Record<string, Template | undefined>)[key];
  return template ? template(check.params ?? {}, lang) : null;
}

/** Verdicts in words, for pages and the command line. */
export const VERDICT_MESSAGES: Record<Language, Record<Verdict, string>> = {
  en: {
    valid: "Valid: the extract is genuine and unchanged.",
    modified:
      "Modified: the seal is genuine, but the file is not the one issued. Trust only the data shown by the verifier.",
    revoked: "Revoked: the issuing office has withdrawn this extract.",
    invalid: "Invalid: the seal is forged or broken.",
    unavailable: "Unavailable: the chain could not be read; no conclusion. Try again later.",
  },
  fr: {
    valid: "Valide : l'extrait est authentique et intact.",
    modified:
      "Modifié : le sceau est authentique, mais le fichier n'est pas celui qui a été émis. Ne vous fiez qu'aux données affichées par le vérificateur.",
    revoked: "Révoqué : l'office émetteur a retiré cet extrait.",
    invalid: "Non valide : le sceau est falsifié ou endommagé.",
    unavailable: "Indisponible : la chaîne n'a pas pu être lue ; aucune conclusion. Réessayez plus tard.",
  },
  de: {
    valid: "Gültig: Der Auszug ist echt und unverändert.",
    modified:
      "Verändert: Das Siegel ist echt, aber die Datei ist nicht die ausgestellte. Vertrauen Sie nur den von der Prüfstelle angezeigten Daten.",
    revoked: "Widerrufen: Das ausstellende Amt hat diesen Auszug zurückgezogen.",
    invalid: "Ungültig: Das Siegel ist gefälscht oder beschädigt.",
    unavailable:
      "Nicht verfügbar: Die Chain konnte nicht gelesen werden; keine Aussage. Versuchen Sie es später erneut.",
  },
  it: {
    valid: "Valido: l'estratto è autentico e integro.",
    modified:
      "Modificato: il sigillo è autentico, ma il file non è quello emesso. Fidatevi solo dei dati mostrati dal verificatore.",
    revoked: "Revocato: l'ufficio emittente ha ritirato questo estratto.",
    invalid: "Non valido: il sigillo è falsificato o danneggiato.",
    unavailable:
      "Non disponibile: non è stato possibile leggere la catena; nessuna conclusione. Riprovate più tardi.",
  },
};

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
      "HEIC-Fotos (iPhone) werden nicht angenommen. Senden Sie das Foto als JPEG (auf dem iPhone: Einstellungen > Kamera > Formate > Maximale Kompatibilität) oder einen Bildschirmfoto.",
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
