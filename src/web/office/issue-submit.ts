/**
 * Issuing the form's extract and saying how it went: a card at the top of the form, "Ready"
 * with *Print / download the PDF* and *New extract* once the extract is anchored, or, when the
 * chain is slow or down, "saved" after {@link WAIT_MS} at most: the extract is stored, its PDF
 * will be ready in the list (the card turns to "Ready" by itself if it gets there while shown).
 * The button never spins longer than that.
 * @module
 */
import { debtorNameOf } from "../../core/extract.ts";
import { ApiError, api } from "../api.ts";
import { byId, h } from "../dom.ts";
import { checkChain } from "./chain-status.ts";
import { pdfButton } from "./pdf-button.ts";
import { errorText, render, state, t, type Issue, type Office } from "./state.ts";

/** How long the console waits for an extract's PDF before saying it is saved and moving on. */
const WAIT_MS = 10_000;
const POLL_MS = 500;
/** After {@link WAIT_MS}, the card keeps asking this often, this long, so it can turn "Ready". */
const FOLLOW_MS = 5_000;
const FOLLOW_FOR_MS = 10 * 60_000;

const READY = new Set(["anchored", "final"]);

interface Answer {
  readonly id: string;
  readonly state: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Issues the extract `build` makes from the form; field errors go back onto the form. */
export async function submitExtract(build: (office: Office) => unknown): Promise<void> {
  const office = state.office;
  if (!office || state.issueResult?.kind === "busy") return;
  const started = Date.now();
  state.errors.clear();
  state.issueResult = { kind: "busy" };
  render();
  const extract = build(office);
  const name = debtorNameOf(extract);
  let answer: Answer;
  try {
    ({ body: answer } = await api<Answer>("/api/v1/extracts", {
      method: "POST",
      token: state.token,
      json: extract,
    }));
  } catch (e) {
    const issues =
      e instanceof ApiError && e.code === "VALIDATION_FAILED"
        ? ((e.details as { issues?: (Issue & { path: string })[] } | undefined)?.issues ?? [])
        : [];
    if (issues.length > 0) {
      for (const i of issues) if (!state.errors.has(i.path)) state.errors.set(i.path, i);
      state.issueResult = null;
      render();
      byId("error-summary").focus();
    } else {
      state.issueResult = { kind: "error", text: errorText(e) };
      render();
    }
    return;
  }
  state.list.loaded = false;
  let ready = READY.has(answer.state);
  while (!ready && Date.now() - started < WAIT_MS) {
    await sleep(POLL_MS);
    ready = await isReady(answer.id);
  }
  state.issueResult = { kind: ready ? "ready" : "saved", id: answer.id, name };
  render();
  byId("issue-result").focus();
  if (!ready) {
    void checkChain();
    void follow(answer.id);
  }
}

async function isReady(id: string): Promise<boolean> {
  try {
    const { body } = await api<Answer>(`/api/v1/extracts/${encodeURIComponent(id)}`, { token: state.token });
    return READY.has(body.state);
  } catch {
    return false;
  }
}

/** Turns the "saved" card to "Ready" when its extract gets there while the card is shown. */
async function follow(id: string): Promise<void> {
  const until = Date.now() + FOLLOW_FOR_MS;
  while (Date.now() < until) {
    await sleep(FOLLOW_MS);
    const r = state.issueResult;
    if (r?.kind !== "saved" || r.id !== id) return;
    if (await isReady(id)) {
      state.issueResult = { ...r, kind: "ready" };
      state.list.loaded = false;
      if (state.tab === "issue") render();
      return;
    }
  }
}

/** The card at the top of the form after issuing (or its error); `onNew` clears the form. */
export function issueResultCard(onNew: () => void): HTMLElement | null {
  const r = state.issueResult;
  if (!r || r.kind === "busy") return null;
  if (r.kind === "error") {
    return h(
      "div",
      { id: "issue-result", class: "notice error", role: "alert", tabindex: "-1" },
      h("p", null, r.text),
    );
  }
  const ready = r.kind === "ready";
  return h(
    "div",
    {
      id: "issue-result",
      class: `notice result-card ${ready ? "ok" : "warn"}`,
      role: "status",
      tabindex: "-1",
      "data-result": r.kind,
    },
    h("h2", null, t(ready ? "readyTitle" : "savedTitle", { id: r.id })),
    h("p", null, t(ready ? "readyBody" : "savedBody", { name: r.name || "–" })),
    h(
      "div",
      { class: "actions" },
      ready ? pdfButton(r.id, t("printPdf"), t("printPdf"), "primary") : null,
      h(
        "button",
        { type: "button", class: "secondary", "data-new-extract": "", onclick: onNew },
        t("newExtract"),
      ),
      ready
        ? null
        : h(
            "button",
            {
              type: "button",
              class: "link",
              onclick: () => {
                state.tab = "list";
                render();
              },
            },
            t("toList"),
          ),
    ),
  );
}
