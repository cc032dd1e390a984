/**
 * Issuing one extract: a form over the extract's fields with rows of proceedings and loss
 * certificates, its values kept in `state.draft` by field path so that the server's field errors
 * (`entries[0].amount`) land on the field they name, with a summary linking to each.
 * @module
 */
import { ENTRY_STATUSES } from "../../core/extract.ts";
import { ApiError, api } from "../api.ts";
import { byId, h } from "../dom.ts";
import { pdfButton } from "./pdf-button.ts";
import { errorText, render, state, t, type Office } from "./state.ts";
import type { OfficeKey } from "./strings.ts";

const LANGUAGE_OPTIONS = (["fr", "de", "it", "en"] as const).map((l) => ({
  value: l,
  label: { fr: "Français", de: "Deutsch", it: "Italiano", en: "English" }[l],
}));

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

export function issueView(): HTMLElement {
  labels.clear();
  const d = state.draft;
  if (!d.has("language")) d.set("language", state.lang);
  if (!d.has("debtor.address.country")) d.set("debtor.address.country", "CH");
  const notice = state.issueNotice;
  // Filled once the form below has named its fields' labels.
  const summarySlot = h("div");
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
        field("language", t("language"), { options: LANGUAGE_OPTIONS, required: true }),
        field("reference", t("reference")),
      ),
      debtorFieldsets(),
      coverageFieldset(),
      entriesFieldset(),
      lossesFieldset(),
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          { type: "submit", class: "primary", disabled: notice?.kind === "busy" },
          notice?.kind === "busy" ? t("issuing") : t("issue"),
        ),
      ),
      issueStatus(),
    ),
  );
  const summary = errorSummary();
  if (summary) summarySlot.replaceWith(summary);
  else summarySlot.remove();
  return section;
}

/** Person or company, who the debtor is, and the debtor's address. */
function debtorFieldsets(): HTMLElement[] {
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
  const address = h(
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
  );
  return [debtorType, h("div", { class: "grid" }, who), address];
}

function coverageFieldset(): HTMLElement {
  return h(
    "fieldset",
    null,
    h("legend", null, t("coverage")),
    h(
      "div",
      { class: "grid" },
      field("coverage.from", t("from"), { type: "date" }),
      field("coverage.to", t("to"), { type: "date" }),
    ),
  );
}

interface Rows {
  readonly count: number;
  readonly title: OfficeKey;
  /** Each row's legend, numbered from 1. */
  readonly item: OfficeKey;
  /** The field path of the whole list, where an error about the list itself lands. */
  readonly prefix: string;
  readonly fields: (i: number) => HTMLElement[];
  readonly add: OfficeKey;
  readonly onAdd: () => void;
  readonly onRemove: (i: number) => void;
}

/** A list of rows of fields, each with its remove button, and a button adding a row. */
function rowsFieldset(r: Rows): HTMLElement {
  return h(
    "fieldset",
    { class: "rows" },
    h("legend", null, t(r.title)),
    state.errors.get(r.prefix) ? h("p", { class: "field-error" }, state.errors.get(r.prefix)) : null,
    r.count === 0 ? h("p", { class: "muted" }, t("none")) : null,
    Array.from({ length: r.count }, (_, i) =>
      h(
        "fieldset",
        { class: "row" },
        h("legend", null, t(r.item, { n: i + 1 })),
        h("div", { class: "grid" }, r.fields(i)),
        h(
          "button",
          {
            type: "button",
            class: "link",
            onclick: () => {
              r.onRemove(i);
            },
          },
          t("remove"),
          h("span", { class: "sr-only" }, ` – ${t(r.item, { n: i + 1 })}`),
        ),
      ),
    ),
    h("button", { type: "button", class: "secondary", onclick: r.onAdd }, t(r.add)),
  );
}

function entriesFieldset(): HTMLElement {
  const statuses = ENTRY_STATUSES.map((s) => ({ value: s, label: t(`entry.${s}`) }));
  return rowsFieldset({
    count: state.entries,
    title: "entries",
    item: "entry",
    prefix: "entries",
    fields: (i) => [
      field(`entries[${i}].caseNumber`, t("caseNumber"), { required: true }),
      field(`entries[${i}].date`, t("date"), { type: "date", required: true }),
      field(`entries[${i}].creditor`, t("creditor"), { required: true }),
      field(`entries[${i}].amount`, t("amount"), { required: true, inputmode: "decimal" }),
      field(`entries[${i}].status`, t("status"), { options: statuses, required: true }),
    ],
    add: "addEntry",
    onAdd: () => {
      state.draft.set(`entries[${state.entries}].status`, "payment-order");
      state.entries++;
      render();
      byId(fieldId(`entries[${state.entries - 1}].caseNumber`)).focus();
    },
    onRemove: (i) => {
      removeRow("entries", i, state.entries);
      state.entries--;
      render();
    },
  });
}

function lossesFieldset(): HTMLElement {
  return rowsFieldset({
    count: state.losses,
    title: "losses",
    item: "loss",
    prefix: "lossCertificates",
    fields: (i) => [
      field(`lossCertificates[${i}].number`, t("lossNumber"), { required: true }),
      field(`lossCertificates[${i}].date`, t("date"), { type: "date", required: true }),
      field(`lossCertificates[${i}].creditor`, t("creditor"), { required: true }),
      field(`lossCertificates[${i}].amount`, t("amount"), { required: true, inputmode: "decimal" }),
    ],
    add: "addLoss",
    onAdd: () => {
      state.losses++;
      render();
      byId(fieldId(`lossCertificates[${state.losses - 1}].number`)).focus();
    },
    onRemove: (i) => {
      removeRow("lossCertificates", i, state.losses);
      state.losses--;
      render();
    },
  });
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

/** The outcome of the last submission, announced to screen readers. */
function issueStatus(): HTMLElement {
  const notice = state.issueNotice;
  return h(
    "div",
    { id: "issue-status", role: "status", "aria-live": "polite" },
    notice && notice.kind !== "busy"
      ? h(
          "div",
          { class: `notice ${notice.kind}` },
          h("p", null, notice.text),
          notice.kind === "ok" && notice.id ? pdfButton(notice.id, t("downloadPdf"), t("downloadPdf")) : null,
        )
      : notice?.kind === "busy"
        ? h("p", { class: "muted" }, t("issuing"))
        : null,
  );
}

/** Every field error, each linking to its field (or naming its path when no field shows it). */
function errorSummary(): HTMLElement | null {
  if (state.errors.size === 0) return null;
  return h(
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
  );
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

/** Issues the draft (waiting for its anchoring); field errors go back onto the form. */
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
    const anchored = body.state === "anchored" || body.state === "final";
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
