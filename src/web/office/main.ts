/**
 * The office console (`/office`): sign in with the office token, issue one extract through a form
 * with field-level errors, upload a JSON Lines file for bulk issuance with live progress, list and
 * search the office's extracts, download their PDFs, revoke one with a reason and a confirmation.
 *
 * While the chain cannot be reached, a banner on every tab says that work goes on and PDFs come
 * later (chain-status.ts). Everything goes through the public HTTP API with the token as a bearer token; the token is kept
 * in this tab's session storage only. One module per view; this one draws the page around them
 * and starts the console.
 * @module
 */
import { api } from "../api.ts";
import { byId, h, replace } from "../dom.ts";
import type { Language } from "../../core/extract.ts";
import { pageHeader } from "../i18n.ts";
import { bulkView } from "./bulk.ts";
import { checkChain } from "./chain-status.ts";
import { issueView } from "./issue-form.ts";
import { listView, loadList } from "./list.ts";
import { REVIEW_TAB, reviewTabLabel, reviewView } from "./review.ts";
import { signInView, signOut } from "./sign-in.ts";
import { render, setRenderer, state, t, type Office, type Tab } from "./state.ts";
import type { OfficeKey } from "./strings.ts";

const app = byId("app");

function renderPage(): void {
  document.documentElement.lang = state.lang;
  document.title = `Sceau – ${t("title")}`;
  const header = pageHeader(t("title"), state.lang, t("langLabel"), (lang: Language) => {
    state.lang = lang;
    render();
  });
  const main = h("main", { id: "main" }, state.office ? consoleView(state.office) : signInView());
  replace(app, header, main);
}

/** The signed-in console: the office's name, the tabs and the open tab's view. */
function consoleView(office: Office): (HTMLElement | null)[] {
  const tabs: [Tab, OfficeKey][] = [
    ["issue", "tabIssue"],
    ["bulk", "tabBulk"],
    ["list", "tabList"],
  ];
  const bar = h(
    "div",
    { class: "office-bar" },
    h("p", { class: "office-name" }, t("officeOf", { name: office.name })),
    h("button", { type: "button", class: "link", onclick: signOut }, t("signOut")),
  );
  const nav = h(
    "nav",
    { class: "tabs", "aria-label": t("sections") },
    tabs.map(([tab, key]) =>
      h(
        "button",
        {
          type: "button",
          "data-tab": tab,
          "aria-current": state.tab === tab ? "page" : null,
          onclick: () => {
            state.tab = tab;
            render();
            if (tab === "list") void loadList(false);
            byId("main").querySelector<HTMLElement>("h1")?.focus();
          },
        },
        t(key),
      ),
    ),
  );
  // The online counter's review queue (review.ts).
  nav.append(
    h(
      "button",
      {
        type: "button",
        "data-tab": REVIEW_TAB,
        "aria-current": state.tab === REVIEW_TAB ? "page" : null,
        onclick: () => {
          state.tab = REVIEW_TAB;
          render();
          byId("main").querySelector<HTMLElement>("h1")?.focus();
        },
      },
      reviewTabLabel(),
    ),
  );
  const body =
    state.tab === REVIEW_TAB
      ? reviewView()
      : state.tab === "issue"
        ? issueView()
        : state.tab === "bulk"
          ? bulkView()
          : listView();
  // While the chain cannot be reached, on every tab: work goes on, PDFs come later.
  const banner =
    state.chainUp === false
      ? h("div", { id: "chain-banner", class: "notice warn", role: "status" }, h("p", null, t("chainDown")))
      : null;
  // A stolen key is the one thing a clerk must act on at once: above everything, on every tab.
  const alarm = state.alarm
    ? h("div", { id: "alarm-banner", class: "notice error", role: "alert" }, h("p", null, t("securityAlarm")))
    : null;
  return [bar, alarm, banner, nav, body];
}

async function start(): Promise<void> {
  setRenderer(renderPage);
  if (state.token) {
    try {
      const { body } = await api<Office>("/api/v1/office", { token: state.token });
      state.office = body;
    } catch {
      state.token = null;
    }
  }
  render();
  if (state.office) void checkChain();
}

void start();
