/**
 * The office's extracts: search by name or reference, filter by state, load more by cursor;
 * each row downloads its PDF once anchored and can be revoked.
 * @module
 */
import { hasSealedPdf } from "../../core/chain.ts";
import type { ListItem } from "../../issuer/service.ts";
import { api } from "../api.ts";
import { h } from "../dom.ts";
import { reasonWords as reasonText } from "../../core/messages.ts";
import { formatDate, formatZurichDateTime } from "../i18n.ts";
import { pdfButton } from "./pdf-button.ts";
import { openRevoke } from "./revoke-dialog.ts";
import { errorText, render, state, t } from "./state.ts";
import type { OfficeKey } from "./strings.ts";

/** States the list knows by name; another (a newer server's) reads as "Being prepared". */
const STATE_KEYS: Record<string, OfficeKey> = {
  pending: "state.pending",
  anchoring: "state.anchoring",
  anchored: "state.anchored",
  final: "state.final",
};

/** A row's status in a clerk's words: "Ready" once the PDF can be had, else "Being prepared". */
function stateLabel(item: ListItem): { key: OfficeKey; cls: string } {
  if (item.revocation?.state === "recorded") return { key: "state.revoked", cls: "revoked" };
  if (item.revocation) return { key: "state.revoking", cls: "pending" };
  const ready = isReady(item);
  return { key: STATE_KEYS[item.state] ?? "state.pending", cls: ready ? "anchored" : "pending" };
}

function isReady(item: ListItem): boolean {
  return hasSealedPdf(item.state);
}

export function listView(): HTMLElement {
  const l = state.list;
  if (!l.loaded) queueMicrotask(() => void loadList(false));
  return h(
    "section",
    { class: "card", "aria-labelledby": "list-title" },
    h("h1", { id: "list-title", tabindex: "-1" }, t("listTitle")),
    searchForm(),
    h(
      "div",
      { id: "list-status", role: "status", "aria-live": "polite" },
      l.notice ? h("p", { class: `notice ${l.notice.kind}` }, l.notice.text()) : null,
    ),
    l.loaded
      ? h(
          "p",
          { id: "result-count", class: "muted" },
          t(l.next ? "resultMore" : "resultCount", { count: l.items.length }),
        )
      : null,
    l.items.length > 0 ? extractsTable(l.items) : null,
    l.next
      ? h(
          "button",
          {
            type: "button",
            class: "secondary",
            onclick: () => void loadList(true),
          },
          t("loadMore"),
        )
      : null,
  );
}

function searchForm(): HTMLElement {
  const l = state.list;
  const search = h("input", {
    id: "search",
    type: "search",
    value: l.query,
    autocomplete: "off",
    oninput: (e: Event) => {
      l.query = (e.target as HTMLInputElement).value;
    },
  });
  const filter = h(
    "select",
    {
      id: "state-filter",
      onchange: (e: Event) => {
        l.filter = (e.target as HTMLSelectElement).value;
      },
    },
    h("option", { value: "", selected: l.filter === "" }, t("allStates")),
    (["pending", "anchoring", "anchored", "revoked"] as const).map((s) =>
      h("option", { value: s, selected: l.filter === s }, t(`state.${s}`)),
    ),
  );
  return h(
    "form",
    {
      class: "search",
      role: "search",
      onsubmit: (e: Event) => {
        e.preventDefault();
        void loadList(false);
      },
    },
    h("div", { class: "field grow" }, h("label", { for: "search" }, t("search")), search),
    h("div", { class: "field" }, h("label", { for: "state-filter" }, t("stateFilter")), filter),
    h("button", { type: "submit", class: "primary" }, t("searchButton")),
  );
}

function extractsTable(items: readonly ListItem[]): HTMLElement {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "extracts" },
      h("caption", { class: "sr-only" }, t("listTitle")),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          (["colId", "colDebtor", "colRef", "colIssued", "colState", "colActions"] as const).map((k) =>
            h("th", { scope: "col" }, t(k)),
          ),
        ),
      ),
      h("tbody", null, items.map(extractRow)),
    ),
  );
}

function extractRow(item: ListItem): HTMLElement {
  const s = stateLabel(item);
  return h(
    "tr",
    { "data-id": item.id },
    h("td", { class: "mono", "data-label": t("colId") }, item.id),
    h("td", { "data-label": t("colDebtor") }, item.debtorName ?? "–"),
    h("td", { "data-label": t("colRef") }, item.reference ?? "–"),
    h("td", { class: "date", "data-label": t("colIssued") }, formatDate(item.issuedAt)),
    h(
      "td",
      { "data-label": t("colState") },
      h("span", { class: `badge ${s.cls}`, "data-state": s.cls }, t(s.key)),
      item.revocation?.revokedAt
        ? h(
            "span",
            { class: "muted small nowrap" },
            ` ${t("revokedOn", { date: formatZurichDateTime(item.revocation.revokedAt) })}`,
          )
        : null,
      item.revocation
        ? h(
            "span",
            { class: "revoke-reason small", "data-reason": item.revocation.reason },
            t("revokedBecause", { reason: reasonWords(item.revocation.reason) }),
          )
        : null,
    ),
    h(
      "td",
      { "data-label": t("colActions") },
      // A flex box inside the cell: a cell that is itself a flex box loses its table layout (its
      // bottom border stood off the row's).
      h(
        "div",
        { class: "row-actions" },
        isReady(item) ? pdfButton(item.id, t("pdf"), t("pdfOf", { id: item.id })) : null,
        item.revocation
          ? null
          : h(
              "button",
              {
                type: "button",
                class: "danger",
                "aria-label": t("revokeOf", { id: item.id }),
                "data-revoke": item.id,
                onclick: () => {
                  openRevoke(item, () => loadList(false));
                },
              },
              t("revoke"),
            ),
      ),
    ),
  );
}

/** Loads the first page of the list for the current search, or (`more`) the next page. */
export async function loadList(more: boolean): Promise<void> {
  const l = state.list;
  const q = new URLSearchParams();
  if (l.query.trim()) q.set("query", l.query.trim());
  if (l.filter) q.set("state", l.filter);
  q.set("limit", "50");
  if (more && l.next) q.set("cursor", l.next);
  l.loaded = true;
  try {
    const { body } = await api<{ items: ListItem[]; nextCursor: string | null }>(
      `/api/v1/extracts?${q.toString()}`,
      { token: state.token },
    );
    l.items = more ? [...l.items, ...body.items] : body.items;
    l.next = body.nextCursor;
  } catch (e) {
    l.notice = { kind: "error", text: () => errorText(e) };
  }
  if (state.tab === "list") render();
}

/** A revocation reason in words ("error in the data"), capitalised; the code for one unknown here. */
function reasonWords(reason: string): string {
  const words = reasonText(reason, state.lang);
  return words.charAt(0).toLocaleUpperCase(state.lang) + words.slice(1);
}
