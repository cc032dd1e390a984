/**
 * The console's state, shared by its views: who is signed in, which tab is open, the issue
 * form's draft and errors, the list and the bulk job. Views change it and call {@link render},
 * which draws the whole page again from it.
 * @module
 */
// The server's answer types, as types only: esbuild erases these imports, so nothing of the
// server is bundled.
import type { BulkProgress } from "../../issuer/bulk.ts";
import type { ListItem } from "../../issuer/service.ts";
import type { BulkLineRow } from "../../issuer/ports.ts";
import { formatMessage, type MessageValues } from "../../core/format.ts";
import { ApiError } from "../api.ts";
import { initialLanguage } from "../i18n.ts";
import { STRINGS, type OfficeKey } from "./strings.ts";

export type Tab = "issue" | "bulk" | "list" | "review";

export interface Office {
  readonly id: string;
  readonly name: string;
}

/** A field issue as the API gives it: worded in the console's language by its code. */
export interface Issue {
  readonly code?: string;
  readonly message: string;
  readonly params?: Readonly<Record<string, string | number>>;
}

/**
 * The outcome of issuing: `ready` (the PDF can be printed), `saved` (stored, its PDF not ready
 * within the wait: it will be in the list), an error, or still busy.
 */
export type IssueResult =
  | { readonly kind: "ready" | "saved"; readonly id: string; readonly name: string }
  | { readonly kind: "error"; readonly text: string }
  | { readonly kind: "busy" };

export const TOKEN_KEY = "sceau.office.token";

export const state = {
  lang: initialLanguage(),
  token: sessionToken(),
  office: null as Office | null,
  tab: "issue" as Tab,
  signInError: null as string | null,
  /** Whether the chain answers (the service's readiness), null until first asked. */
  chainUp: null as boolean | null,
  /** Whether the service reports a compromise alarm (its readiness: `anchoring` failed with ALARM). */
  alarm: false,
  /** The issue form's values by field path (`debtor.lastName`, `entries[0].amount`). */
  draft: new Map<string, string>(),
  debtorType: "person" as "person" | "company",
  entries: 0,
  losses: 0,
  errors: new Map<string, Issue>(),
  issueResult: null as IssueResult | null,
  list: {
    query: "",
    filter: "",
    items: [] as ListItem[],
    next: null as string | null,
    loaded: false,
    /** `text` is worded when drawn, so switching the language re-words it. */
    notice: null as { kind: "ok" | "error"; text: () => string } | null,
  },
  bulk: {
    progress: null as number | null,
    job: null as BulkProgress | null,
    failures: [] as BulkLineRow[],
    error: null as string | null,
  },
};

/** The console's words for `key` in the current language, with `values` (ICU MessageFormat). */
export function t(key: OfficeKey, values?: MessageValues): string {
  return formatMessage(state.lang, STRINGS[state.lang][key], values);
}

function sessionToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError && e.code === "NETWORK") return t("network");
  return t("failed", { message: e instanceof Error ? e.message : String(e) });
}

let renderPage: () => void = () => undefined;

/** Draws the page again from {@link state}. */
export function render(): void {
  renderPage();
}

/** Installs the function {@link render} calls (main.ts: it imports the views, so they cannot import it). */
export function setRenderer(draw: () => void): void {
  renderPage = draw;
}
