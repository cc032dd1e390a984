/**
 * Languages of the pages: French, German, Italian and English, chosen from the browser's list
 * (`navigator.languages`) and switchable; the choice is remembered on this device. Dates and
 * amounts are written as on the printed extract (`22.11.2026`, `CHF 1'234.50`), so they can be
 * compared with the paper at a glance.
 * @module
 */
import { LANGUAGES, type Language } from "../core/extract-terms.ts";
import { h } from "./dom.ts";

const STORAGE_KEY = "sceau.lang";

const LANGUAGE_NAMES: Record<Language, string> = {
  fr: "Français",
  de: "Deutsch",
  it: "Italiano",
  en: "English",
};

/** The first of our languages in the browser's list (`de-CH` counts as `de`), else English. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0] ?? "";
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return "en";
}

export function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && (LANGUAGES as readonly string[]).includes(saved)) return saved as Language;
  } catch {
    // Storage may be disabled (private mode): the browser's list decides.
  }
  return pickLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
}

function saveLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered; the page still switches.
  }
}

/** A message table: every language has exactly the keys of the English one. */
export type Strings<K extends string> = Record<Language, Record<K, string>>;

/** `{name}` placeholders filled from `params`. */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => {
    const v = params[key];
    return v === undefined ? m : String(v);
  });
}

/** The language switch: four buttons, the current one pressed. */
function languageSwitch(current: Language, label: string, onChange: (lang: Language) => void): HTMLElement {
  return h(
    "nav",
    { class: "langs", "aria-label": label },
    LANGUAGES.map((l) =>
      h(
        "button",
        {
          type: "button",
          lang: l,
          "aria-pressed": l === current ? "true" : "false",
          title: LANGUAGE_NAMES[l],
          "data-lang": l,
          onclick: () => {
            onChange(l);
          },
        },
        h("span", { "aria-hidden": "true" }, l.toUpperCase()),
        h("span", { class: "sr-only" }, LANGUAGE_NAMES[l]),
      ),
    ),
  );
}

/**
 * The pages' header: the Sceau mark with the page's name, and the language switch (the choice
 * remembered on this device before `onChange`).
 */
export function pageHeader(
  pageName: string,
  current: Language,
  switchLabel: string,
  onChange: (lang: Language) => void,
): HTMLElement {
  return h(
    "header",
    { class: "top" },
    h(
      "div",
      { class: "brand" },
      h("span", { class: "logo", "aria-hidden": "true" }, "S"),
      h("span", null, "Sceau ", h("span", { class: "brand-sub" }, pageName)),
    ),
    languageSwitch(current, switchLabel, (lang: Language) => {
      saveLanguage(lang);
      onChange(lang);
    }),
  );
}

/** `2026-11-22` or an ISO time → `22.11.2026` (in Swiss time for times). */
export function formatDate(iso: string): string {
  const date = iso.length > 10 ? zurichDate(iso) : iso;
  const [y, m, d] = date.split("-");
  return y && m && d ? `${d}.${m}.${y}` : iso;
}

/** An ISO time → `22.11.2026, 14:03` in Swiss time. */
export function formatZurichDateTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("de-CH", {
    timeZone: "Europe/Zurich",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(t);
  return `${formatDate(iso)}, ${parts}`;
}

function zurichDate(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso.slice(0, 10);
  // en-CA writes YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Zurich",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(t);
}

/** `"1234.5"` → `CHF 1'234.50`, as on the extract. */
export function formatAmount(decimal: string): string {
  const [whole = "0", frac = ""] = decimal.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, "'");
  return `CHF ${grouped}.${frac.padEnd(2, "0").slice(0, 2)}`;
}
