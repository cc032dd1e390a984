/**
 * The counter's pages, rendered on the server: plain HTML forms that work without script, one
 * column for phones and tablets first, every field labelled, errors tied to their field
 * (`aria-describedby`) and announced (`role="alert"`). Every form carries the session's CSRF
 * token. Nothing personal ever goes into a URL: orders are named by their random id.
 * @module
 */
import { LANGUAGES, type Language } from "../../core/extract.ts";
import { say, type MessageValues } from "../../core/format.ts";
import type { FieldIssue } from "../../counter/person.ts";
import { ID_DOCUMENT_TYPES, type Order, type OrderPerson } from "../../counter/ports.ts";
import { T, type Key } from "./strings.ts";

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A message in the page's language, escaped. */
export function t(lang: Language, key: Key, values: MessageValues = {}): string {
  return esc(say(T[key], lang, values));
}

export function chf(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

const LANGUAGE_NAMES: Record<Language, string> = {
  fr: "Français",
  de: "Deutsch",
  it: "Italiano",
  en: "English",
};

export interface Layout {
  readonly lang: Language;
  readonly title: string;
  readonly css: string | null;
  /** The page's own path, for the language links. */
  readonly path: string;
  readonly csrf: string | null;
  readonly signedIn: boolean;
}

export function page(l: Layout, body: string): string {
  const langs = LANGUAGES.map((x) =>
    x === l.lang
      ? `<li><span aria-current="true" lang="${x}">${LANGUAGE_NAMES[x]}</span></li>`
      : `<li><a href="${esc(l.path)}?lang=${x}" lang="${x}" hreflang="${x}">${LANGUAGE_NAMES[x]}</a></li>`,
  ).join("");
  const signOut =
    l.signedIn && l.csrf
      ? `<form method="post" action="/counter/sign-out" class="sign-out">${csrfField(l.csrf)}<button type="submit" class="link">${t(l.lang, "signOut")}</button></form>`
      : "";
  return `<!doctype html>
<html lang="${l.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(l.title)} · ${t(l.lang, "title")}</title>
${l.css ? `<link rel="stylesheet" href="${esc(l.css)}">` : ""}
</head>
<body>
<header class="bar"><p class="brand"><a href="/counter">${t(l.lang, "title")}</a></p>
<nav aria-label="${t(l.lang, "language")}"><ul class="langs">${langs}</ul></nav>${signOut}</header>
<main id="main">
${body}
</main>
</body>
</html>`;
}

export function csrfField(csrf: string): string {
  return `<input type="hidden" name="_csrf" value="${esc(csrf)}">`;
}

export function alert(text: string): string {
  return `<div class="alert" role="alert"><p>${text}</p></div>`;
}

/** A date as people read it in Switzerland: 12.04.1985. */
function swissDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return y && m && d ? `${d}.${m}.${y}` : iso;
}

export function personBlock(lang: Language, p: OrderPerson): string {
  const a = p.address;
  return `<dl class="person">
<dt>${t(lang, "lastName")}</dt><dd>${esc(p.lastName)}</dd>
<dt>${t(lang, "firstNames")}</dt><dd>${esc(p.firstNames)}</dd>
<dt>${t(lang, "dateOfBirth")}</dt><dd>${esc(swissDate(p.dateOfBirth))}</dd>
<dt>${t(lang, "street")}</dt><dd>${esc(`${a.street}${a.houseNumber ? ` ${a.houseNumber}` : ""}`)}</dd>
<dt>${t(lang, "town")}</dt><dd>${esc(`${a.postalCode} ${a.town}`)}</dd>
</dl>`;
}

const PROBLEM_KEY: Record<FieldIssue["problem"], Key> = {
  required: "required",
  tooLong: "tooLong",
  date: "date",
  future: "future",
  postalCode: "postalCodeProblem",
  email: "emailProblem",
  document: "document",
};

/** A labelled text field with its error, if any. */
export function field(
  lang: Language,
  name: Key,
  value: string,
  issues: readonly FieldIssue[],
  attrs: {
    type?: string;
    autocomplete?: string;
    required?: boolean;
    inputmode?: string;
    maxlength?: number;
  } = {},
): string {
  const issue = issues.find((i) => i.path === name);
  const err = issue
    ? `<p class="field-error" id="${name}-error">${t(lang, PROBLEM_KEY[issue.problem])}</p>`
    : "";
  const extra = [
    attrs.autocomplete ? `autocomplete="${attrs.autocomplete}"` : "",
    attrs.required === false ? "" : "required",
    attrs.inputmode ? `inputmode="${attrs.inputmode}"` : "",
    `maxlength="${attrs.maxlength ?? 100}"`,
    issue ? `aria-invalid="true" aria-describedby="${name}-error"` : "",
  ]
    .filter((x) => x !== "")
    .join(" ");
  return `<div class="field"><label for="${name}">${t(lang, name)}</label>
<input id="${name}" name="${name}" type="${attrs.type ?? "text"}" value="${esc(value)}" ${extra}>${err}</div>`;
}

export function languageSelect(lang: Language, name: string, selected: Language): string {
  const options = LANGUAGES.map(
    (x) => `<option value="${x}"${x === selected ? " selected" : ""}>${LANGUAGE_NAMES[x]}</option>`,
  ).join("");
  return `<div class="field"><label for="${name}">${t(lang, "extractLanguage")}</label><select id="${name}" name="${name}">${options}</select></div>`;
}

export function idTypeSelect(lang: Language, selected: string, issues: readonly FieldIssue[]): string {
  const issue = issues.find((i) => i.path === "idType");
  const options = ID_DOCUMENT_TYPES.map(
    (x) => `<option value="${x}"${x === selected ? " selected" : ""}>${t(lang, x)}</option>`,
  ).join("");
  return `<div class="field"><label for="idType">${t(lang, "idType")}</label>
<select id="idType" name="idType" required${issue ? ' aria-invalid="true" aria-describedby="idType-error"' : ""}><option value="">${t(lang, "choose")}</option>${options}</select>${
    issue ? `<p class="field-error" id="idType-error">${t(lang, "required")}</p>` : ""
  }</div>`;
}

const STATE_KEY: Record<Order["state"], Key> = {
  review: "stateReview",
  issuing: "stateIssuing",
  issued: "stateIssued",
  refused: "stateRefused",
};

export function stateLabel(lang: Language, order: Order): string {
  return t(lang, STATE_KEY[order.state]);
}

/** A link that shows the order's state again (no automatic refresh: WCAG 2.2.1). */
function refresh(lang: Language, base: string): string {
  return `<p><a class="button secondary" href="${base}">${t(lang, "refresh")}</a></p>`;
}

/** What an order page says about its order, in its state. */
export function orderBody(lang: Language, order: Order, opts: { agent: boolean; verifyUrl: string }): string {
  const base = `/counter/orders/${order.id}`;
  const head = `<p class="order-id">${t(lang, "orderTitle", { id: order.id })}</p>`;
  switch (order.state) {
    case "review":
      return `${head}<h1>${t(lang, "reviewHeading")}</h1><p role="status">${t(lang, "reviewText")}</p>${refresh(lang, base)}`;
    case "issuing":
      return `${head}<h1>${t(lang, "issuingHeading")}</h1><p role="status">${t(lang, "issuingText")}</p>${refresh(lang, base)}`;
    case "refused":
      return `${head}<h1>${t(lang, "refusedHeading")}</h1><p role="status">${t(lang, "refusedReason", { reason: order.refusal ?? "" })}</p><p>${t(lang, "refusedNote")}</p>`;
    case "issued": {
      const mail =
        order.mail === "sent"
          ? t(lang, "mailSent")
          : order.mail === "pending"
            ? t(lang, "mailPending")
            : order.mail === "failed"
              ? t(lang, "mailFailed")
              : "";
      const links = opts.agent
        ? `<li><a class="button" href="${base}/extract.pdf?print=1" target="_blank" rel="noopener">${t(lang, "printExtract")}</a></li>
<li><a class="button secondary" href="${base}/invoice.pdf?print=1" target="_blank" rel="noopener">${t(lang, "printInvoice")}</a></li>`
        : `<li><a class="button" href="${base}/extract.pdf" download>${t(lang, "download")}</a></li>
<li><a class="button secondary" href="${base}/invoice.pdf" download>${t(lang, "invoice")}</a></li>`;
      return `${head}<h1>${t(lang, "issuedHeading")}</h1>
<ul class="actions">${links}</ul>
${mail ? `<p role="status">${mail}</p>` : ""}
<section aria-labelledby="landlord"><h2 id="landlord">${t(lang, "landlordHeading")}</h2>
<p>${t(lang, "landlord", { verifyUrl: opts.verifyUrl })}</p></section>`;
    }
  }
}
