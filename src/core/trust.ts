/**
 * The offices of a trusted registry, as the verifier's own trust list names them
 * (docs/verdict.md): the issuer a person reads on the result ("Émis par : Office des poursuites
 * de Delémont (Canton du Jura)") is the office whose accounts anchored the seal's batch, never the
 * registry's technical name nor the office's slug printed in the seal.
 * @module
 */
import type { Language } from "./extract.ts";

/** One office of a registry in the trust list. */
export interface TrustOffice {
  /** The office's id (the `office` field of its extracts, for example `delemont`). */
  readonly id: string;
  /** The office's name as its papers print it, in each language. */
  readonly name: Readonly<Record<Language, string>>;
  /** Canton code (`JU`). */
  readonly canton: string;
  /** Postal address, one line (`Rue de la Préfecture 2, 2800 Delémont`). */
  readonly address: string;
  /** Accounts (`0x…`, any case) that anchor this office's batches. */
  readonly accounts: readonly string[];
}

/** The issuer of a report: the office found in the trust list, in the report's language. */
export interface IssuerOffice {
  readonly id: string;
  readonly name: string;
  /** The name in each language (a page shows the report again in another language). */
  readonly names: Readonly<Record<Language, string>>;
  readonly canton: string;
  /** `Canton du Jura`, `Kanton Jura`… */
  readonly cantonName: string;
  readonly address: string;
}

/** The 26 cantons in the four languages, as their own administrations write them. */
const CANTONS: Readonly<Record<string, readonly [fr: string, de: string, it: string, en: string]>> = {
  AG: ["Canton d'Argovie", "Kanton Aargau", "Cantone Argovia", "Canton of Aargau"],
  AI: [
    "Canton d'Appenzell Rhodes-Intérieures",
    "Kanton Appenzell Innerrhoden",
    "Cantone Appenzello Interno",
    "Canton of Appenzell Innerrhoden",
  ],
  AR: [
    "Canton d'Appenzell Rhodes-Extérieures",
    "Kanton Appenzell Ausserrhoden",
    "Cantone Appenzello Esterno",
    "Canton of Appenzell Ausserrhoden",
  ],
  BE: ["Canton de Berne", "Kanton Bern", "Cantone di Berna", "Canton of Bern"],
  BL: [
    "Canton de Bâle-Campagne",
    "Kanton Basel-Landschaft",
    "Cantone di Basilea Campagna",
    "Canton of Basel-Landschaft",
  ],
  BS: ["Canton de Bâle-Ville", "Kanton Basel-Stadt", "Cantone di Basilea Città", "Canton of Basel-Stadt"],
  FR: ["Canton de Fribourg", "Kanton Freiburg", "Cantone di Friburgo", "Canton of Fribourg"],
  GE: ["Canton de Genève", "Kanton Genf", "Cantone di Ginevra", "Canton of Geneva"],
  GL: ["Canton de Glaris", "Kanton Glarus", "Cantone di Glarona", "Canton of Glarus"],
  GR: ["Canton des Grisons", "Kanton Graubünden", "Cantone dei Grigioni", "Canton of Graubünden"],
  JU: ["Canton du Jura", "Kanton Jura", "Cantone del Giura", "Canton of Jura"],
  LU: ["Canton de Lucerne", "Kanton Luzern", "Cantone di Lucerna", "Canton of Lucerne"],
  NE: ["Canton de Neuchâtel", "Kanton Neuenburg", "Cantone di Neuchâtel", "Canton of Neuchâtel"],
  NW: ["Canton de Nidwald", "Kanton Nidwalden", "Cantone di Nidvaldo", "Canton of Nidwalden"],
  OW: ["Canton d'Obwald", "Kanton Obwalden", "Cantone di Obvaldo", "Canton of Obwalden"],
  SG: ["Canton de Saint-Gall", "Kanton St. Gallen", "Cantone di San Gallo", "Canton of St. Gallen"],
  SH: ["Canton de Schaffhouse", "Kanton Schaffhausen", "Cantone di Sciaffusa", "Canton of Schaffhausen"],
  SO: ["Canton de Soleure", "Kanton Solothurn", "Cantone di Soletta", "Canton of Solothurn"],
  SZ: ["Canton de Schwytz", "Kanton Schwyz", "Cantone di Svitto", "Canton of Schwyz"],
  TG: ["Canton de Thurgovie", "Kanton Thurgau", "Cantone di Turgovia", "Canton of Thurgau"],
  TI: ["Canton du Tessin", "Kanton Tessin", "Cantone Ticino", "Canton of Ticino"],
  UR: ["Canton d'Uri", "Kanton Uri", "Cantone di Uri", "Canton of Uri"],
  VD: ["Canton de Vaud", "Kanton Waadt", "Cantone di Vaud", "Canton of Vaud"],
  VS: ["Canton du Valais", "Kanton Wallis", "Cantone del Vallese", "Canton of Valais"],
  ZG: ["Canton de Zoug", "Kanton Zug", "Cantone di Zugo", "Canton of Zug"],
  ZH: ["Canton de Zurich", "Kanton Zürich", "Cantone di Zurigo", "Canton of Zurich"],
};

const LANGUAGE_INDEX: Record<Language, 0 | 1 | 2 | 3> = { fr: 0, de: 1, it: 2, en: 3 };

/** A canton's name in `lang` (`JU` → `Canton du Jura`); the code itself when unknown. */
export function cantonName(code: string, lang: Language): string {
  return CANTONS[code]?.[LANGUAGE_INDEX[lang]] ?? code;
}

/** True for the 26 canton codes. */
export function isCantonCode(code: string): boolean {
  return code in CANTONS;
}

/**
 * The office that issued a seal: among the registry's offices, those whose accounts include the
 * account that anchored the batch; of them, the one the seal names by id (when several share an
 * account), else the first. With no office listing the account, the office the seal names, if
 * listed: the anchor was checked, so the registry vouches for the seal, and the trust list for
 * the office's name. Null when the trust list names no office, or without an anchoring account.
 */
export function findOffice(
  offices: readonly TrustOffice[] | undefined,
  account: string | null,
  sealOffice: string | null,
): TrustOffice | null {
  // Without the anchoring account the chain was not read: the seal's own office id proves nothing.
  if (!offices || offices.length === 0 || account === null) return null;
  const acc = account.toLowerCase();
  const byAccount = offices.filter((o) => o.accounts.some((a) => a.toLowerCase() === acc));
  return (
    byAccount.find((o) => o.id === sealOffice) ??
    byAccount[0] ??
    offices.find((o) => o.id === sealOffice) ??
    null
  );
}

/** The office as a report shows it, in `lang`. */
export function issuerOffice(office: TrustOffice, lang: Language): IssuerOffice {
  return {
    id: office.id,
    name: office.name[lang],
    names: office.name,
    canton: office.canton,
    cantonName: cantonName(office.canton, lang),
    address: office.address,
  };
}
