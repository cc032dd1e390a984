/**
 * The verification page's state, shared by its screens: the language and the screen shown.
 * Screens change it with {@link show}, which draws the whole page again from it.
 * @module
 */
import { formatMessage } from "../../core/format.ts";
import { initialLanguage } from "../i18n.ts";
import type { Report } from "./local.ts";
import { STRINGS, type VerifyKey } from "./strings.ts";

export type View =
  | { readonly kind: "home"; readonly error?: string }
  | { readonly kind: "camera"; readonly hint: VerifyKey; readonly error?: string }
  | {
      readonly kind: "busy";
      readonly key: VerifyKey;
      readonly params?: Record<string, string | number>;
      readonly fraction: number | null;
    }
  | { readonly kind: "result"; readonly report: Report }
  /** `detail`: the service's own words, for an error the page has none for. */
  | { readonly kind: "failed"; readonly code: string; readonly detail: string };

export const state = {
  lang: initialLanguage(),
  view: { kind: "home" } as View,
};

/** The page's words for `key` in the page's language, an ICU pattern filled with `params`. */
export function t(key: VerifyKey, params?: Record<string, string | number>): string {
  return formatMessage(state.lang, STRINGS[state.lang][key], params);
}

let renderPage: (focus: boolean) => void = () => undefined;

/** Draws the page again from {@link state}; with `focus`, moves the focus to its heading. */
export function render(focus = false): void {
  renderPage(focus);
}

/** Installs the function {@link render} calls (main.ts: it imports the screens, so they cannot import it). */
export function setRenderer(draw: (focus: boolean) => void): void {
  renderPage = draw;
}

/** Shows `view`, by default moving the focus to its heading (screen readers announce it). */
export function show(view: View, focus = true): void {
  state.view = view;
  render(focus);
}
