/**
 * Bulk issuance: upload a CSV file (a spreadsheet; the template is downloadable here) or a JSON
 * Lines file, with upload progress, then follow the job until every accepted line is ready. The
 * result is green when every line was issued, amber when some failed: those lines are listed with
 * their reference or name and every bad field in the console's words, and can be downloaded as a
 * CSV to correct and upload again. Once ready, the job's PDFs come as one ZIP (in parts of 500).
 * @module
 */
import { CSV_TEMPLATE } from "../../core/bulk-csv.ts";
import { writeCsv } from "../../core/csv.ts";
import type { BulkProgress } from "../../issuer/bulk.ts";
import type { BulkLineRow } from "../../issuer/ports.ts";
import { api, download, saveBlob, upload } from "../api.ts";
import { h } from "../dom.ts";
import { fieldLabel, fieldMessage } from "./field-messages.ts";
import { errorText, render, state, t } from "./state.ts";

/** PDFs a ZIP part holds (`GET /api/v1/bulk/{id}/pdfs.zip?part=`). */
const ZIP_PART_PDFS = 500;
/** Excel reads a CSV as UTF-8 only when it starts with a byte order mark. */
const BOM = "\uFEFF";

export function bulkView(): HTMLElement {
  const b = state.bulk;
  const job = b.job;
  const input = h("input", {
    id: "bulk-file",
    type: "file",
    accept: ".csv,.jsonl,.ndjson,text/csv,application/x-ndjson,text/plain",
    required: true,
  });
  return h(
    "section",
    { class: "card", "aria-labelledby": "bulk-title" },
    h("h1", { id: "bulk-title", tabindex: "-1" }, t("bulkTitle")),
    h("p", null, t("bulkIntro")),
    h(
      "p",
      null,
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          id: "bulk-template",
          onclick: () => {
            saveBlob(
              new Blob([BOM + CSV_TEMPLATE], { type: "text/csv;charset=utf-8" }),
              "sceau-bulk-template.csv",
            );
          },
        },
        t("bulkTemplate"),
      ),
    ),
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
      progressBlock(),
      b.error ? h("p", { class: "notice error" }, b.error) : null,
    ),
    job ? downloads(job) : null,
    b.failures.length > 0 ? failuresTable(b.failures) : null,
  );
}

function isDone(job: BulkProgress): boolean {
  return job.state !== "running" && job.anchored >= job.accepted;
}

/** The upload's progress, then the job's: lines processed, counts, rate and outcome. */
function progressBlock(): HTMLElement | null {
  const b = state.bulk;
  const job = b.job;
  if (b.progress !== null && !job) {
    const pct = Math.round(b.progress * 100);
    return h(
      "div",
      { class: "progress-block" },
      h("label", { for: "bulk-upload-progress" }, t("uploading", { pct })),
      h("progress", { id: "bulk-upload-progress", max: "100", value: String(pct) }),
    );
  }
  if (!job) return null;
  const done = isDone(job);
  return h(
    "div",
    { class: "progress-block", "data-job-state": done ? "done" : "running" },
    h("label", { for: "bulk-progress" }, t("bulkProgress", { processed: job.processed, total: job.total })),
    h("progress", {
      id: "bulk-progress",
      max: String(Math.max(1, job.total)),
      value: String(job.processed),
    }),
    h(
      "p",
      { class: "bulk-counts" },
      [
        t("bulkAccepted", { count: job.accepted }),
        t("bulkFailed", { count: job.failed }),
        t("bulkReady", { count: job.anchored }),
      ].join(" · "),
    ),
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
      ? h(
          "p",
          {
            class: `notice ${job.failed > 0 ? "warn" : "ok"}`,
            "data-outcome": job.failed > 0 ? "failed" : "ok",
          },
          job.failed > 0
            ? t("bulkDoneFailed", { accepted: job.accepted, failed: job.failed })
            : t("bulkDone", { count: job.accepted }),
        )
      : null,
  );
}

/** The failures file and the ZIP of the PDFs, once there is something to download. */
function downloads(job: BulkProgress): HTMLElement | null {
  const finished = job.state === "finished";
  const failures = finished && job.failed > 0;
  const zip = finished && job.accepted > 0;
  if (!failures && !zip) return null;
  const parts = Math.ceil(job.anchored / ZIP_PART_PDFS);
  const zipButtons = Array.from({ length: parts }, (_, i) =>
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        "data-zip-part": String(i + 1),
        onclick: () => void downloadZip(job.id, i + 1, parts),
      },
      parts === 1
        ? t("bulkZip")
        : t("bulkZipPart", {
            from: i * ZIP_PART_PDFS + 1,
            to: Math.min(job.anchored, (i + 1) * ZIP_PART_PDFS),
          }),
    ),
  );
  return h(
    "div",
    { class: "actions bulk-downloads" },
    failures
      ? h(
          "button",
          {
            type: "button",
            class: "secondary",
            id: "bulk-failures-file",
            onclick: () => void downloadFailures(job.id),
          },
          t("bulkFailuresFile"),
        )
      : null,
    zip && isDone(job) ? zipButtons : zip ? h("p", { class: "muted" }, t("bulkZipWait")) : null,
  );
}

/** Who a failed line is about: its reference, else its debtor's name. */
function whoOf(f: BulkLineRow): string {
  return [f.reference, f.debtorName].filter(Boolean).join(" · ") || "–";
}

/** Each mistake of a failed line in the console's words (field: what is wrong). */
function mistakesOf(f: BulkLineRow): { field: string; code: string; text: string }[] {
  const issues = f.error?.issues ?? [];
  if (issues.length > 0) {
    return issues.map((i) => ({
      field: fieldLabel(i.path),
      code: i.code ?? "",
      text: fieldMessage(state.lang, i),
    }));
  }
  return [{ field: "", code: f.error?.code ?? "", text: f.error?.message ?? "" }];
}

/** The failed lines: line number, reference or name, and every mistake. */
function failuresTable(failures: readonly BulkLineRow[]): HTMLElement {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "failures" },
      h("caption", null, t("bulkFailures")),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, t("line")),
          h("th", { scope: "col" }, t("refOrName")),
          h("th", { scope: "col" }, t("error")),
        ),
      ),
      h(
        "tbody",
        null,
        failures.map((f) =>
          h(
            "tr",
            { "data-line": String(f.line) },
            h("td", null, String(f.line)),
            h("td", null, whoOf(f)),
            h(
              "td",
              null,
              mistakesOf(f).map((m) =>
                h("div", null, m.field ? t("fieldIssue", { field: m.field, message: m.text }) : m.text),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Every failed line of the job as a CSV (one row per mistake), defused against formulas. */
async function downloadFailures(id: string): Promise<void> {
  try {
    const rows: (string | number)[][] = [
      [t("line"), t("colRef"), t("colDebtor"), t("field"), "code", t("error")],
    ];
    let after: number | null = null;
    do {
      const q: string = after === null ? "" : `&after=${after}`;
      const { body } = await api<{ lines: BulkLineRow[]; nextAfterLine: number | null }>(
        `/api/v1/bulk/${encodeURIComponent(id)}/lines?outcome=failed&limit=5000${q}`,
        { token: state.token },
      );
      for (const f of body.lines) {
        for (const m of mistakesOf(f))
          rows.push([f.line, f.reference ?? "", f.debtorName ?? "", m.field, m.code, m.text]);
      }
      after = body.nextAfterLine;
    } while (after !== null);
    saveBlob(new Blob([BOM + writeCsv(rows)], { type: "text/csv;charset=utf-8" }), `failures-${id}.csv`);
  } catch (e) {
    state.bulk.error = errorText(e);
    render();
  }
}

async function downloadZip(id: string, part: number, parts: number): Promise<void> {
  const token = state.token;
  if (!token) return;
  try {
    const blob = await download(`/api/v1/bulk/${encodeURIComponent(id)}/pdfs.zip?part=${part}`, token);
    saveBlob(blob, parts === 1 ? `bulk-${id}.zip` : `bulk-${id}-part-${part}.zip`);
  } catch (e) {
    state.bulk.error = errorText(e);
    render();
  }
}

function isCsv(file: File): boolean {
  return /\.csv$/i.test(file.name) || file.type === "text/csv";
}

async function startBulk(file: File): Promise<void> {
  state.bulk = { progress: 0, job: null, failures: [], error: null };
  render();
  try {
    const { body } = await upload<BulkProgress>("/api/v1/bulk", file, {
      token: state.token,
      contentType: isCsv(file) ? "text/csv" : "application/x-ndjson",
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

/** Polls the job until every accepted line is ready (or it is interrupted), listing failures once finished. */
async function followBulk(id: string): Promise<void> {
  let listed = false;
  for (;;) {
    const { body } = await api<BulkProgress>(`/api/v1/bulk/${encodeURIComponent(id)}`, {
      token: state.token,
    });
    state.bulk.job = body;
    // The failed lines are known once every line is processed, even while the others are still
    // being prepared (a slow chain): list them at once.
    if (!listed && body.state === "finished" && body.failed > 0) {
      listed = true;
      const { body: page } = await api<{ lines: BulkLineRow[] }>(
        `/api/v1/bulk/${encodeURIComponent(id)}/lines?outcome=failed&limit=100`,
        { token: state.token },
      );
      state.bulk.failures = page.lines;
    }
    if (isDone(body) || body.state === "interrupted") break;
    render();
    await new Promise((r) => setTimeout(r, 500));
  }
  state.list.loaded = false;
  render();
}
