/**
 * The office console (`/office`): sign in with the office token, issue one extract through a form
 * with field-level errors, upload a JSON Lines file for bulk issuance with live progress, list and
 * search the office's extracts, download their PDFs, revoke one with a reason and a confirmation.
 *
 * Everything goes through the public HTTP API with the token as a bearer token; the token is kept
 * in this tab's session storage only.
 * @module
 */
import { ENTRY_STATUSES } from "../../core/extract.ts";
import { REASON_WORDS } from "../../core/messages.ts";
import { REVOCATION_REASONS, type RevocationReason } from "../../core/revocation.ts";
import { ApiError, api, download, saveBlob, upload } from "../api.ts";
import { byId, h, replace } from "../dom.ts";
import { fill, formatDate, formatDateTime, initialLanguage, pageHeader, type Language } from "../i18n.ts";
import { STRINGS, type OfficeKey } from "./strings.ts";

type Tab = "issue" | "bulk" | "list";

interface Office {
  readonly id: string;
  readonly name: string;
}

interface ListItem {
  readonly id: string;
  readonly reference: string | null;
  readonly debtorName: string | null;
  readonly issuedAt: string;
  readonly state: "pending" | "anchoring" | "anchored";
  readonly revocation: {
    readonly reason: string;
    readonly state: "pending" | "recorded";
    readonly revokedAt: string | null;
  } | null;
}

interface BulkJob {
  readonly id: string;
  readonly state: "running" | "finished" | "interrupted";
  readonly total: number;
  readonly processed: number;
  readonly accepted: number;
  readonly failed: number;
  readonly anchored: number;
  readonly ratePerSecond: number | null;
  readonly etaSeconds: number | null;
}

interface BulkLine {
  readonly line: number;
  readonly error: { code: string; message: string; issues?: { path: string; message: string }[] } | null;
}

const TOKEN_KEY = "sceau.office.token";

const state = {
  lang: initialLanguage(),
  token: sessionToken(),
  office: null as Office | null,
  tab: "issue" as Tab,
  signInError: null as string | null,
  /** The issue form's values by field path (`debtor.lastName`, `entries[0].amount`). */
  draft: new Map<string, string>(),
  debtorType: "person" as "person" | "company",
  entries: 0,
  losses: 0,
  errors: new Map<string, string>(),
  issueNotice: null as { kind: "ok" | "error" | "busy"; text: string; id?: string } | null,
  list: {
    query: "",
    filter: "",
    items: [] as ListItem[],
    next: null as string | null,
    loaded: false,
    notice: null as { kind: "ok" | "error"; text: string } | null,
  },
  bulk: {
    progress: null as number | null,
    job: null as BulkJob | null,
    failures: [] as BulkLine[],
    error: null as string | null,
  },
};

function t(key: OfficeKey, params?: Record<string, string | number>): string {
  return fill(STRINGS[state.lang][key], params);
}

function sessionToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function errorText(e: unknown): string {
  if (e instanceof ApiError && e.code === "NETWORK") return t("network");
  return t("failed", { message: e instanceof Error ? e.message : String(e) });
}

const app = byId("app");

function render(): void {
  document.documentElement.lang = state.lang;
  document.title = `Sceau – ${t("title")}`;
  const header = pageHeader(t("title"), state.lang, t("langLabel"), (lang: Language) => {
    state.lang = lang;
    render();
  });
  const main = h("main", { id: "main" }, state.office ? consoleView(state.office) : signInView());
  replace(app, header, main);
}

// ---- Sign in ----

function signInView(): HTMLElement {
  const input = h("input", {
    id: "token",
    name: "token",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
    "aria-describedby": state.signInError ? "token-error" : null,
    "aria-invalid": state.signInError ? "true" : null,
  });
  return h(
    "section",
    { class: "card narrow", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title" }, t("signInTitle")),
    h("p", null, t("signInIntro")),
    h(
      "form",
      {
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          void signIn(input.value.trim());
        },
      },
      h(
        "div",
        { class: "field" },
        h("label", { for: "token" }, t("tokenLabel")),
        input,
        state.signInError
          ? h("p", { id: "token-error", class: "field-error", role: "alert" }, state.signInError)
          : null,
      ),
      h("button", { type: "submit", class: "primary" }, t("signIn")),
    ),
  );
}

async function signIn(token: string): Promise<void> {
  if (!token) {
    state.signInError = t("badToken");
    render();
    byId("token").focus();
    return;
  }
  try {
    const { body } = await api<Office>("/api/v1/office", { token });
    state.token = token;
    state.office = body;
    state.signInError = null;
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      // Kept in memory only.
    }
    render();
    byId("main").querySelector<HTMLElement>("h1")?.focus();
  } catch (e) {
    state.signInError = e instanceof ApiError && e.status === 401 ? t("badToken") : errorText(e);
    render();
    byId("token").focus();
  }
}

function signOut(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Nothing stored.
  }
  state.token = null;
  state.office = null;
  state.list = { query: "", filter: "", items: [], next: null, loaded: false, notice: null };
  render();
}

// ---- The console ----

function consoleView(office: Office): HTMLElement[] {
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
  const body = state.tab === "issue" ? issueView() : state.tab === "bulk" ? bulkView() : listView();
  return [bar, nav, body];
}

// ---- Issue one extract ----

function fieldId(path: string): string {
  return `f-${path.replace(/[[\].]+/g, "-").replace(/-$/, "")}`;
}

interface FieldOptions {
  type?: string;
  required?: boolean;
  autocomplete?: string;
  options?: readonly { value: string; label: string }[];
  inputmode?: string;
  className?: string;
}

/** Labels of the fields on screen, for the error summary. */
const labels = new Map<string, string>();

function field(path: string, label: string, o: FieldOptions = {}): HTMLElement {
  const id = fieldId(path);
  labels.set(path, label);
  const error = state.errors.get(path);
  const common = {
    id,
    name: path,
    required: o.required ?? false,
    "aria-invalid": error ? "true" : null,
    "aria-describedby": error ? `${id}-error` : null,
    oninput: (e: Event) => {
      state.draft.set(path, (e.target as HTMLInputElement | HTMLSelectElement).value);
    },
  };
  const value = state.draft.get(path) ?? "";
  const control = o.options
    ? h(
        "select",
        common,
        o.options.map((opt) => h("option", { value: opt.value, selected: opt.value === value }, opt.label)),
      )
    : h("input", {
        ...common,
        type: o.type ?? "text",
        value,
        autocomplete: o.autocomplete ?? "off",
        inputmode: o.inputmode ?? null,
      });
  return h(
    "div",
    { class: `field ${o.className ?? ""}` },
    h("label", { for: id }, label, o.required ? h("span", { "aria-hidden": "true" }, " *") : null),
    control,
    error ? h("p", { id: `${id}-error`, class: "field-error" }, error) : null,
  );
}

function issueView(): HTMLElement {
  labels.clear();
  const d = state.draft;
  if (!d.has("language")) d.set("language", state.lang);
  if (!d.has("debtor.address.country")) d.set("debtor.address.country", "CH");
  const langs = (["fr", "de", "it", "en"] as const).map((l) => ({
    value: l,
    label: { fr: "Français", de: "Deutsch", it: "Italiano", en: "English" }[l],
  }));
  const statuses = ENTRY_STATUSES.map((s) => ({ value: s, label: t(`entry.${s}`) }));

  const debtorType = h(
    "fieldset",
    { class: "choice" },
    h("legend", null, t("debtor")),
    (["person", "company"] as const).map((type) =>
      h(
        "label",
        { class: "radio" },
        h("input", {
          type: "radio",
          name: "debtor.type",
          value: type,
          checked: state.debtorType === type,
          onchange: () => {
            state.debtorType = type;
            render();
          },
        }),
        " ",
        t(type),
      ),
    ),
  );
  const who =
    state.debtorType === "person"
      ? [
          field("debtor.lastName", t("lastName"), { required: true }),
          field("debtor.firstNames", t("firstNames"), { required: true }),
          field("debtor.dateOfBirth", t("dateOfBirth"), { type: "date", required: true }),
        ]
      : [
          field("debtor.name", t("companyName"), { required: true }),
          field("debtor.uid", t("uid"), { required: true }),
        ];

  const rows = (
    count: number,
    title: OfficeKey,
    item: OfficeKey,
    prefix: string,
    fields: (i: number) => HTMLElement[],
    add: OfficeKey,
    onAdd: () => void,
    onRemove: (i: number) => void,
  ): HTMLElement =>
    h(
      "fieldset",
      { class: "rows" },
      h("legend", null, t(title)),
      state.errors.get(prefix) ? h("p", { class: "field-error" }, state.errors.get(prefix)) : null,
      count === 0 ? h("p", { class: "muted" }, t("none")) : null,
      Array.from({ length: count }, (_, i) =>
        h(
          "fieldset",
          { class: "row" },
          h("legend", null, t(item, { n: i + 1 })),
          h("div", { class: "grid" }, fields(i)),
          h(
            "button",
            {
              type: "button",
              class: "link",
              onclick: () => {
                onRemove(i);
              },
            },
            t("remove"),
            h("span", { class: "sr-only" }, ` – ${t(item, { n: i + 1 })}`),
          ),
        ),
      ),
      h("button", { type: "button", class: "secondary", onclick: onAdd }, t(add)),
    );

  const notice = state.issueNotice;
  // Filled once the form below has named its fields' labels.
  const summarySlot = h("div");
  const errorSummary = (): HTMLElement | null =>
    state.errors.size > 0
      ? h(
          "div",
          { id: "error-summary", class: "notice error", role: "alert", tabindex: "-1" },
          h("p", null, h("strong", null, t("errorsTitle"))),
          h(
            "ul",
            null,
            [...state.errors].map(([path, message]) =>
              h(
                "li",
                null,
                labels.has(path)
                  ? h("a", { href: `#${fieldId(path)}` }, `${labels.get(path) ?? path}: ${message}`)
                  : `${path || "extract"}: ${message}`,
              ),
            ),
          ),
        )
      : null;

  const section = h(
    "section",
    { class: "card", "aria-labelledby": "issue-title" },
    h("h1", { id: "issue-title", tabindex: "-1" }, t("issueTitle")),
    h("p", { class: "muted" }, t("required")),
    summarySlot,
    h(
      "form",
      {
        id: "issue-form",
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          void submitExtract();
        },
      },
      h(
        "div",
        { class: "grid" },
        field("language", t("language"), { options: langs, required: true }),
        field("reference", t("reference")),
      ),
      debtorType,
      h("div", { class: "grid" }, who),
      h(
        "fieldset",
        null,
        h("legend", null, t("address")),
        h(
          "div",
          { class: "grid" },
          field("debtor.address.street", t("street"), { required: true, className: "wide" }),
          field("debtor.address.houseNumber", t("houseNumber"), { className: "narrow-field" }),
          field("debtor.address.postalCode", t("postalCode"), { required: true, inputmode: "numeric" }),
          field("debtor.address.town", t("town"), { required: true }),
          field("debtor.address.country", t("country"), { required: true }),
        ),
      ),
      h(
        "fieldset",
        null,
        h("legend", null, t("coverage")),
        h(
          "div",
          { class: "grid" },
          field("coverage.from", t("from"), { type: "date" }),
          field("coverage.to", t("to"), { type: "date" }),
        ),
      ),
      rows(
        state.entries,
        "entries",
        "entry",
        "entries",
        (i) => [
          field(`entries[${i}].caseNumber`, t("caseNumber"), { required: true }),
          field(`entries[${i}].date`, t("date"), { type: "date", required: true }),
          field(`entries[${i}].creditor`, t("creditor"), { required: true }),
          field(`entries[${i}].amount`, t("amount"), { required: true, inputmode: "decimal" }),
          field(`entries[${i}].status`, t("status"), { options: statuses, required: true }),
        ],
        "addEntry",
        () => {
          state.draft.set(`entries[${state.entries}].status`, "payment-order");
          state.entries++;
          render();
          byId(fieldId(`entries[${state.entries - 1}].caseNumber`)).focus();
        },
        (i) => {
          removeRow("entries", i, state.entries);
          state.entries--;
          render();
        },
      ),
      rows(
        state.losses,
        "losses",
        "loss",
        "lossCertificates",
        (i) => [
          field(`lossCertificates[${i}].number`, t("lossNumber"), { required: true }),
          field(`lossCertificates[${i}].date`, t("date"), { type: "date", required: true }),
          field(`lossCertificates[${i}].creditor`, t("creditor"), { required: true }),
          field(`lossCertificates[${i}].amount`, t("amount"), { required: true, inputmode: "decimal" }),
        ],
        "addLoss",
        () => {
          state.losses++;
          render();
          byId(fieldId(`lossCertificates[${state.losses - 1}].number`)).focus();
        },
        (i) => {
          removeRow("lossCertificates", i, state.losses);
          state.losses--;
          render();
        },
      ),
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          { type: "submit", class: "primary", disabled: notice?.kind === "busy" },
          notice?.kind === "busy" ? t("issuing") : t("issue"),
        ),
      ),
      h(
        "div",
        { id: "issue-status", role: "status", "aria-live": "polite" },
        notice && notice.kind !== "busy"
          ? h(
              "div",
              { class: `notice ${notice.kind}` },
              h("p", null, notice.text),
              notice.kind === "ok" && notice.id
                ? pdfButton(notice.id, t("downloadPdf"), t("downloadPdf"))
                : null,
            )
          : notice?.kind === "busy"
            ? h("p", { class: "muted" }, t("issuing"))
            : null,
      ),
    ),
  );
  const summary = errorSummary();
  if (summary) summarySlot.replaceWith(summary);
  else summarySlot.remove();
  return section;
}

/** Shifts the draft's rows after row `i` of `prefix` up by one. */
function removeRow(prefix: string, i: number, count: number): void {
  const keys = [...state.draft.keys()].filter((k) => k.startsWith(`${prefix}[`));
  const moved = new Map<string, string>();
  for (const k of keys) {
    const m = /^[a-zA-Z]+\[(\d+)\]\.(.+)$/.exec(k);
    const value = state.draft.get(k);
    state.draft.delete(k);
    if (!m?.[1] || !m[2] || value === undefined) continue;
    const n = Number(m[1]);
    if (n === i || n >= count) continue;
    moved.set(`${prefix}[${n > i ? n - 1 : n}].${m[2]}`, value);
  }
  for (const [k, v] of moved) state.draft.set(k, v);
  state.errors.clear();
}

/** The extract JSON from the draft: empty optional fields are left out. */
function extractFromDraft(office: Office): unknown {
  const d = state.draft;
  const v = (path: string): string => (d.get(path) ?? "").trim();
  const opt = (path: string, key: string): Record<string, string> => (v(path) ? { [key]: v(path) } : {});
  const address = {
    street: v("debtor.address.street"),
    ...opt("debtor.address.houseNumber", "houseNumber"),
    postalCode: v("debtor.address.postalCode"),
    town: v("debtor.address.town"),
    country: v("debtor.address.country").toUpperCase(),
  };
  const debtor =
    state.debtorType === "person"
      ? {
          type: "person",
          lastName: v("debtor.lastName"),
          firstNames: v("debtor.firstNames"),
          dateOfBirth: v("debtor.dateOfBirth"),
          address,
        }
      : { type: "company", name: v("debtor.name"), uid: v("debtor.uid"), address };
  const coverage =
    v("coverage.from") || v("coverage.to")
      ? { coverage: { from: v("coverage.from"), to: v("coverage.to") } }
      : {};
  return {
    language: v("language"),
    office: office.id,
    ...opt("reference", "reference"),
    debtor,
    ...coverage,
    entries: Array.from({ length: state.entries }, (_, i) => ({
      caseNumber: v(`entries[${i}].caseNumber`),
      date: v(`entries[${i}].date`),
      creditor: v(`entries[${i}].creditor`),
      amount: v(`entries[${i}].amount`),
      status: v(`entries[${i}].status`),
    })),
    lossCertificates: Array.from({ length: state.losses }, (_, i) => ({
      number: v(`lossCertificates[${i}].number`),
      date: v(`lossCertificates[${i}].date`),
      creditor: v(`lossCertificates[${i}].creditor`),
      amount: v(`lossCertificates[${i}].amount`),
    })),
  };
}

async function submitExtract(): Promise<void> {
  const office = state.office;
  if (!office) return;
  state.errors.clear();
  state.issueNotice = { kind: "busy", text: t("issuing") };
  render();
  try {
    const { body } = await api<{ id: string; state: string }>("/api/v1/extracts?wait=true", {
      method: "POST",
      token: state.token,
      json: extractFromDraft(office),
    });
    const anchored = body.state === "anchored";
    state.issueNotice = {
      kind: "ok",
      text: t(anchored ? "issued" : "accepted", { id: body.id }),
      ...(anchored ? { id: body.id } : {}),
    };
    state.list.loaded = false;
    render();
  } catch (e) {
    const issues =
      e instanceof ApiError && e.code === "VALIDATION_FAILED"
        ? ((e.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [])
        : [];
    if (issues.length > 0) {
      for (const i of issues) if (!state.errors.has(i.path)) state.errors.set(i.path, i.message);
      state.issueNotice = null;
      render();
      byId("error-summary").focus();
    } else {
      state.issueNotice = { kind: "error", text: errorText(e) };
      render();
    }
  }
}

function pdfButton(id: string, text: string, label: string): HTMLElement {
  return h(
    "button",
    {
      type: "button",
      class: "secondary",
      "aria-label": label,
      "data-pdf": id,
      onclick: () => {
        const token = state.token;
        if (!token) return;
        download(`/api/v1/extracts/${encodeURIComponent(id)}/pdf`, token).then(
          (blob) => {
            saveBlob(blob, `extract-${id}.pdf`);
          },
          (e: unknown) => {
            state.list.notice = { kind: "error", text: errorText(e) };
            render();
          },
        );
      },
    },
    text,
  );
}

// ---- Bulk upload ----

function bulkView(): HTMLElement {
  const b = state.bulk;
  const job = b.job;
  const input = h("input", {
    id: "bulk-file",
    type: "file",
    accept: ".jsonl,.ndjson,application/x-ndjson,text/plain",
    required: true,
  });
  let progress: HTMLElement | null = null;
  if (b.progress !== null && !job) {
    const pct = Math.round(b.progress * 100);
    progress = h(
      "div",
      { class: "progress-block" },
      h("label", { for: "bulk-upload-progress" }, t("uploading", { pct })),
      h("progress", { id: "bulk-upload-progress", max: "100", value: String(pct) }),
    );
  } else if (job) {
    const done = job.state !== "running" && job.anchored >= job.accepted;
    progress = h(
      "div",
      { class: "progress-block", "data-job-state": done ? "done" : "running" },
      h("label", { for: "bulk-progress" }, t("bulkProgress", { processed: job.processed, total: job.total })),
      h("progress", {
        id: "bulk-progress",
        max: String(Math.max(1, job.total)),
        value: String(job.processed),
      }),
      h("p", null, t("bulkCounts", { accepted: job.accepted, failed: job.failed, anchored: job.anchored })),
      job.state === "running" && job.ratePerSecond !== null
        ? h(
            "p",
            { class: "muted" },
            t("bulkEta", {
              rate: Math.round(job.ratePerSecond),
              eta: Math.max(0, Math.round(job.etaSeconds ?? 0)),
            }),
          )
        : null,
      job.state === "interrupted" ? h("p", { class: "notice error" }, t("bulkInterrupted")) : null,
      done && job.state === "finished"
        ? h("p", { class: "notice ok" }, t("bulkDone", { accepted: job.accepted, failed: job.failed }))
        : null,
    );
  }
  return h(
    "section",
    { class: "card", "aria-labelledby": "bulk-title" },
    h("h1", { id: "bulk-title", tabindex: "-1" }, t("bulkTitle")),
    h("p", null, t("bulkIntro")),
    h(
      "form",
      {
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          const file = input.files?.[0];
          if (file) void startBulk(file);
        },
      },
      h("div", { class: "field" }, h("label", { for: "bulk-file" }, t("bulkFile")), input),
      h(
        "button",
        { type: "submit", class: "primary", disabled: b.progress !== null && !job },
        t("bulkUpload"),
      ),
    ),
    h(
      "div",
      { role: "status", "aria-live": "polite" },
      progress,
      b.error ? h("p", { class: "notice error" }, b.error) : null,
    ),
    b.failures.length > 0
      ? h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            null,
            h("caption", null, t("bulkFailures")),
            h(
              "thead",
              null,
              h("tr", null, h("th", { scope: "col" }, t("line")), h("th", { scope: "col" }, t("error"))),
            ),
            h(
              "tbody",
              null,
              b.failures.map((f) =>
                h(
                  "tr",
                  null,
                  h("td", null, String(f.line)),
                  h(
                    "td",
                    null,
                    f.error?.issues && f.error.issues.length > 0
                      ? f.error.issues.map((i) => h("div", null, `${i.path}: ${i.message}`))
                      : `${f.error?.code ?? ""} ${f.error?.message ?? ""}`,
                  ),
                ),
              ),
            ),
          ),
        )
      : null,
  );
}

async function startBulk(file: File): Promise<void> {
  state.bulk = { progress: 0, job: null, failures: [], error: null };
  render();
  try {
    const { body } = await upload<BulkJob>("/api/v1/bulk", file, {
      token: state.token,
      contentType: "application/x-ndjson",
      onProgress: (f) => {
        if (f !== null && state.bulk.job === null) {
          state.bulk.progress = f;
          render();
        }
      },
    });
    state.bulk.job = body;
    render();
    await followBulk(body.id);
  } catch (e) {
    state.bulk.error = errorText(e);
    state.bulk.progress = null;
    render();
  }
}

async function followBulk(id: string): Promise<void> {
  for (;;) {
    const { body } = await api<BulkJob>(`/api/v1/bulk/${encodeURIComponent(id)}`, { token: state.token });
    state.bulk.job = body;
    if (body.state !== "running" && body.anchored >= body.accepted) break;
    if (body.state === "interrupted") break;
    render();
    await new Promise((r) => setTimeout(r, 500));
  }
  if (state.bulk.job.failed > 0) {
    const { body } = await api<{ lines: BulkLine[] }>(
      `/api/v1/bulk/${encodeURIComponent(id)}/lines?outcome=failed&limit=100`,
      { token: state.token },
    );
    state.bulk.failures = body.lines;
  }
  state.list.loaded = false;
  render();
}

// ---- List, search, download, revoke ----

function stateLabel(item: ListItem): { key: OfficeKey; cls: string } {
  if (item.revocation?.state === "recorded") return { key: "state.revoked", cls: "revoked" };
  if (item.revocation) return { key: "state.revoking", cls: "pending" };
  return { key: `state.${item.state}`, cls: item.state === "anchored" ? "anchored" : "pending" };
}

function listView(): HTMLElement {
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
  if (!l.loaded) queueMicrotask(() => void loadList(false));
  return h(
    "section",
    { class: "card", "aria-labelledby": "list-title" },
    h("h1", { id: "list-title", tabindex: "-1" }, t("listTitle")),
    h(
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
    ),
    h(
      "div",
      { id: "list-status", role: "status", "aria-live": "polite" },
      l.notice ? h("p", { class: `notice ${l.notice.kind}` }, l.notice.text) : null,
    ),
    l.loaded && l.items.length === 0 ? h("p", { class: "muted" }, t("empty")) : null,
    l.items.length > 0
      ? h(
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
            h(
              "tbody",
              null,
              l.items.map((item) => {
                const s = stateLabel(item);
                return h(
                  "tr",
                  { "data-id": item.id },
                  h("td", { class: "mono", "data-label": t("colId") }, item.id),
                  h("td", { "data-label": t("colDebtor") }, item.debtorName ?? "–"),
                  h("td", { "data-label": t("colRef") }, item.reference ?? "–"),
                  h("td", { "data-label": t("colIssued") }, formatDate(item.issuedAt)),
                  h(
                    "td",
                    { "data-label": t("colState") },
                    h("span", { class: `badge ${s.cls}`, "data-state": s.cls }, t(s.key)),
                    item.revocation?.revokedAt
                      ? h("span", { class: "muted small" }, ` ${formatDateTime(item.revocation.revokedAt)}`)
                      : null,
                  ),
                  h(
                    "td",
                    { class: "row-actions", "data-label": t("colActions") },
                    item.state === "anchored"
                      ? pdfButton(item.id, t("pdf"), t("pdfOf", { id: item.id }))
                      : null,
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
                              openRevoke(item.id);
                            },
                          },
                          t("revoke"),
                        ),
                  ),
                );
              }),
            ),
          ),
        )
      : null,
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

async function loadList(more: boolean): Promise<void> {
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
    l.notice = { kind: "error", text: errorText(e) };
  }
  if (state.tab === "list") render();
}

function openRevoke(id: string): void {
  const reasons = Object.keys(REVOCATION_REASONS) as RevocationReason[];
  const select = h(
    "select",
    { id: "revoke-reason", required: true },
    reasons.map((r) => h("option", { value: r }, capitalise(REASON_WORDS[state.lang][r] ?? r))),
  );
  const confirm = h("input", { id: "revoke-confirm", type: "checkbox", required: true });
  const error = h("p", { id: "revoke-error", class: "field-error", role: "alert" });
  const submit = h("button", { type: "submit", class: "danger" }, t("doRevoke"));
  const dialog = h(
    "dialog",
    { class: "dialog", "aria-labelledby": "revoke-title", "aria-describedby": "revoke-intro" },
    h(
      "form",
      {
        method: "dialog",
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          if (!confirm.checked) {
            error.textContent = t("confirmNeeded");
            confirm.focus();
            return;
          }
          submit.disabled = true;
          void revoke(id, select.value as RevocationReason).finally(() => {
            dialog.close();
          });
        },
      },
      h("h2", { id: "revoke-title" }, t("revokeTitle", { id })),
      h("p", { id: "revoke-intro" }, t("revokeIntro")),
      h("div", { class: "field" }, h("label", { for: "revoke-reason" }, t("reason")), select),
      h("div", { class: "check" }, confirm, h("label", { for: "revoke-confirm" }, t("confirmRevoke"))),
      error,
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            onclick: () => {
              dialog.close();
            },
          },
          t("cancel"),
        ),
        submit,
      ),
    ),
  );
  dialog.addEventListener("close", () => {
    dialog.remove();
    document.querySelector<HTMLElement>(`[data-revoke="${CSS.escape(id)}"]`)?.focus();
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  select.focus();
}

async function revoke(id: string, reason: RevocationReason): Promise<void> {
  try {
    const { status } = await api(`/api/v1/extracts/${encodeURIComponent(id)}/revoke`, {
      method: "POST",
      token: state.token,
      json: { reason },
    });
    state.list.notice = { kind: "ok", text: t(status === 200 ? "revoked" : "revokePending", { id }) };
  } catch (e) {
    state.list.notice = { kind: "error", text: errorText(e) };
  }
  await loadList(false);
}

function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase(state.lang) + s.slice(1);
}

// ---- Start ----

async function start(): Promise<void> {
  if (state.token) {
    try {
      const { body } = await api<Office>("/api/v1/office", { token: state.token });
      state.office = body;
    } catch {
      state.token = null;
    }
  }
  render();
}

void start();
