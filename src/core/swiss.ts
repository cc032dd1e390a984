/**
 * Swiss formats (dates 22.11.2026, amounts CHF 1'234.50, the calendar date in Zurich) and the
 * cantons' names as they follow "Canton", "Kanton", "Cantone" and "Canton of".
 * @module
 */
import { isoDateOf } from "./dates.ts";
import type { Language } from "./extract.ts";

type CantonNames = Readonly<Record<Language, string>>;

/** Canton names as they follow "Canton", "Kanton", "Cantone" and "Canton of". */
const CANTONS: Readonly<Record<string, CantonNames>> = {
  AG: { fr: "d'Argovie", de: "Aargau", it: "di Argovia", en: "Aargau" },
  AI: {
    fr: "d'Appenzell Rhodes-Intérieures",
    de: "Appenzell Innerrhoden",
    it: "di Appenzello Interno",
    en: "Appenzell Innerrhoden",
  },
  AR: {
    fr: "d'Appenzell Rhodes-Extérieures",
    de: "Appenzell Ausserrhoden",
    it: "di Appenzello Esterno",
    en: "Appenzell Ausserrhoden",
  },
  BE: { fr: "de Berne", de: "Bern", it: "di Berna", en: "Bern" },
  BL: { fr: "de Bâle-Campagne", de: "Basel-Landschaft", it: "di Basilea Campagna", en: "Basel-Landschaft" },
  BS: { fr: "de Bâle-Ville", de: "Basel-Stadt", it: "di Basilea Città", en: "Basel-Stadt" },
  FR: { fr: "de Fribourg", de: "Freiburg", it: "di Friburgo", en: "Fribourg" },
  GE: { fr: "de Genève", de: "Genf", it: "di Ginevra", en: "Geneva" },
  GL: { fr: "de Glaris", de: "Glarus", it: "di Glarona", en: "Glarus" },
  GR: { fr: "des Grisons", de: "Graubünden", it: "dei Grigioni", en: "Graubünden" },
  JU: { fr: "du Jura", de: "Jura", it: "del Giura", en: "Jura" },
  LU: { fr: "de Lucerne", de: "Luzern", it: "di Lucerna", en: "Lucerne" },
  NE: { fr: "de Neuchâtel", de: "Neuenburg", it: "di Neuchâtel", en: "Neuchâtel" },
  NW: { fr: "de Nidwald", de: "Nidwalden", it: "di Nidvaldo", en: "Nidwalden" },
  OW: { fr: "d'Obwald", de: "Obwalden", it: "di Obvaldo", en: "Obwalden" },
  SG: { fr: "de Saint-Gall", de: "St. Gallen", it: "di San Gallo", en: "St. Gallen" },
  SH: { fr: "de Schaffhouse", de: "Schaffhausen", it: "di Sciaffusa", en: "Schaffhausen" },
  SO: { fr: "de Soleure", de: "Solothurn", it: "di Soletta", en: "Solothurn" },
  SZ: { fr: "de Schwytz", de: "Schwyz", it: "di Svitto", en: "Schwyz" },
  TG: { fr: "de Thurgovie", de: "Thurgau", it: "di Turgovia", en: "Thurgau" },
  TI: { fr: "du Tessin", de: "Tessin", it: "del Ticino", en: "Ticino" },
  UR: { fr: "d'Uri", de: "Uri", it: "di Uri", en: "Uri" },
  VD: { fr: "de Vaud", de: "Waadt", it: "di Vaud", en: "Vaud" },
  VS: { fr: "du Valais", de: "Wallis", it: "del Vallese", en: "Valais" },
  ZG: { fr: "de Zoug", de: "Zug", it: "di Zugo", en: "Zug" },
  ZH: { fr: "de Zurich", de: "Zürich", it: "di Zurigo", en: "Zurich" },
};

/** "Canton du Jura": `prefix` and the canton's name; `prefix` and the code for an unknown code. */
export function cantonName(code: string, language: Language, prefix: string): string {
  const names = CANTONS[code.toUpperCase()];
  return names ? `${prefix}${names[language]}` : `${prefix.trim()} ${code}`;
}

/** Swiss date: 22.11.2026. */
export function swissDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d ?? ""}.${m ?? ""}.${y ?? ""}`;
}

const zurichDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Zurich",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar date in Switzerland at a Unix time (the printed issue date). */
export function isoDateInZurich(unixSeconds: number): string {
  const s = zurichDate.format(new Date(unixSeconds * 1000));
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : isoDateOf(unixSeconds);
}

/** Swiss amount: CHF 1'234.50. */
export function swissAmount(cents: number): string {
  const whole = Math.floor(cents / 100);
  const frac = String(cents % 100).padStart(2, "0");
  return `CHF ${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, "'")}.${frac}`;
}
