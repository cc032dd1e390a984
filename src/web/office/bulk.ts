/**
 * Bulk issuance: upload a JSON Lines file (with upload progress), then follow the job until
 * every accepted line is anchored, and list the lines that failed with their field errors.
 * @module
 */
import type { BulkProgress } from "../../issuer/bulk.ts";
import type { BulkLineRow } from "../../issuer/ports.ts";
import { api, upload } from "../api.ts";
import { h } from "../dom.ts";
import { errorText, render, state, t } from "./state.ts";

export function bulkView(): HTMLElement {
  const b = state.bulk;
  const job = b.job;
  const input = h("input", {
    id: "bulk-file",
    type: "file",
    accept: ".jsonl,.ndjson,application/x-ndjson,text/plain",
    required: true,
  });
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
      progressBlock(),
      b.error ? h("p", { class: "notice error" }, b.error) : null,
    ),
    b.failures.length > 0 ? failuresTable(b.failures) : null,
  );
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
  const done = job.state !== "running" && job.anchored >= job.accepted;
  return h(
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

/** The failed lines: line number and error (every bad field's path when there are any). */
function failuresTable(failures: readonly BulkLineRow[]): HTMLElement {
  return h(
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
        failures.map((f) =>
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
  );
}

async function startBulk(file: File): Promise<void> {
  state.bulk = { progress: 0, job: null, failures: [], error: null };
  render();
  try {
    const { body } = await upload<BulkProgress>("/api/v1/bulk", file, {
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

/** Polls the job until every accepted line is anchored (or it is interrupted), then lists failures. */
async function followBulk(id: string): Promise<void> {
  for (;;) {
    const { body } = await api<BulkProgress>(`/api/v1/bulk/${encodeURIComponent(id)}`, {
      token: state.token,
    });
    state.bulk.job = body;
    if (body.state !== "running" && body.anchored >= body.accepted) break;
    if (body.state === "interrupted") break;
    render();
    await new Promise((r) => setTimeout(r, 500));
  }
  if (state.bulk.job.failed > 0) {
    const { body } = await api<{ lines: BulkLineRow[] }>(
      `/api/v1/bulk/${encodeURIComponent(id)}/lines?outcome=failed&limit=100`,
      { token: state.token },
    );
    state.bulk.failures = body.lines;
  }
  state.list.loaded = false;
  render();
}
