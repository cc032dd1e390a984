/**
 * The verification page (`/` and `/v#<seal>`).
 *
 * - `/v#<seal>`, what a phone camera opens from the QR code: the seal is decoded and checked on
 *   the device with the same core code as the server; the server is asked only about the batch
 *   root (`GET /api/v1/roots/{root}`). The fragment, and the personal data in it, never leave
 *   the device.
 * - `/`: scan the QR code with the camera (decoded in a worker, then checked as above), or drop
 *   or choose a PDF or a photo, sent to `POST /api/v1/verify` with a progress bar.
 *
 * The result: a large verdict (colour, icon and words), the issuer from the verifier's trust
 * list, the issue date and age, the key data to compare with the paper, every check in words, and
 * what to do when the extract is not valid.
 * @module
 */
import { ApiError, upload } from "../api.ts";
import { ICONS, byId, h, icon, iso, replace, type Child } from "../dom.ts";
import {
  fill,
  fillIsolated,
  formatAge,
  formatAmount,
  formatDate,
  formatDateTime,
  initialLanguage,
  pageHeader,
  type Language,
} from "../i18n.ts";
import { startScanner, type Scanner } from "./camera.ts";
import { reasonWords } from "../../core/messages.ts";
import { checkText, isSealText, maxAgeOf, verifyQrText, verifyErrorText, type Report } from "./local.ts";
import { STRINGS, type VerifyKey } from "./strings.ts";

type View =
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

const state = {
  lang: initialLanguage(),
  view: { kind: "home" } as View,
  upload: null as { name: string } | null,
};

let scanner: Scanner | null = null;
let torchOn = false;
/** One video element for the page's life: re-rendering (a language switch) keeps the stream. */
const video = h("video", { muted: true, playsinline: true, autoplay: true, "aria-hidden": "true" });

function t(key: VerifyKey, params?: Record<string, string | number>): string {
  return fill(STRINGS[state.lang][key], params);
}

function meta(name: string): string {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? "";
}

const app = byId("app");

function render(focus = false): void {
  document.documentElement.lang = state.lang;
  document.title = `Sceau – ${t("brandSub")}`;
  const header = pageHeader(t("brandSub"), state.lang, t("langLabel"), (lang: Language) => {
    state.lang = lang;
    render();
  });
  const v = state.view;
  const body =
    v.kind === "home"
      ? homeView(v.error)
      : v.kind === "camera"
        ? cameraView(v.hint, v.error)
        : v.kind === "busy"
          ? busyView(t(v.key, v.params), v.fraction)
          : v.kind === "result"
            ? resultView(v.report)
            : failedView(v.code, v.detail);
  replace(app, header, h("main", { id: "main" }, body, v.kind === "home" ? null : official()));
  if (focus) byId("main").querySelector<HTMLElement>("h1")?.focus();
}

/** The page's own address, so people learn the official one (it is printed beside the QR code). */
function official(): HTMLElement {
  return h(
    "p",
    { class: "official", id: "official" },
    icon(ICONS.info, "icon info-icon"),
    h(
      "span",
      null,
      fill(STRINGS[state.lang].official, { host: "\u0000" })
        .split("\u0000")
        .flatMap((part, i) => (i === 0 ? [part] : [h("strong", null, iso(location.host)), part])),
    ),
  );
}

function show(view: View, focus = true): void {
  state.view = view;
  render(focus);
}

// ---- Home: camera or file ----

function homeView(error?: string): HTMLElement {
  const input = h("input", {
    id: "file",
    type: "file",
    accept: "application/pdf,image/png,image/jpeg,image/webp,.pdf,.png,.jpg,.jpeg,.webp",
    onchange: (e: Event) => {
      const file = (e.target as HTMLInputElement).files?.[0];
      if (file) void verifyFile(file);
    },
  });
  const drop = h(
    "div",
    {
      class: "drop",
      id: "drop",
      ondragover: (e: Event) => {
        e.preventDefault();
        (e.currentTarget as HTMLElement).classList.add("over");
      },
      ondragleave: (e: Event) => {
        (e.currentTarget as HTMLElement).classList.remove("over");
      },
      ondrop: (e: Event) => {
        e.preventDefault();
        (e.currentTarget as HTMLElement).classList.remove("over");
        const file = (e as DragEvent).dataTransfer?.files[0];
        if (file) void verifyFile(file);
      },
    },
    h("h2", null, t("fileTitle")),
    h("p", null, t("dropHelp")),
    input,
    h("label", { for: "file", class: "button secondary" }, t("choose")),
  );
  return h(
    "section",
    { "aria-labelledby": "title" },
    h("h1", { id: "title", tabindex: "-1" }, t("title")),
    h("p", null, t("intro")),
    official(),
    error ? h("p", { class: "notice error", role: "alert" }, error) : null,
    h(
      "div",
      { class: "choices" },
      h(
        "div",
        { class: "card" },
        h(
          "button",
          { type: "button", class: "primary big", id: "scan", onclick: () => void openCamera() },
          icon(
            [
              "M4 8V5a1 1 0 011-1h3M16 4h3a1 1 0 011 1v3M20 16v3a1 1 0 01-1 1h-3M8 20H5a1 1 0 01-1-1v-3",
              "M8 8h3v3H8zM13 13h3v3h-3zM13 8h3v3h-3zM8 13h3v3H8z",
            ],
            "icon btn-icon",
          ),
          t("scan"),
        ),
        h("p", { class: "muted small" }, t("scanHelp")),
      ),
      drop,
    ),
  );
}

// ---- Camera ----

function cameraView(hint: VerifyKey, error?: string): HTMLElement {
  return h(
    "section",
    { "aria-labelledby": "camera-title" },
    h("h1", { id: "camera-title", tabindex: "-1" }, t("cameraTitle")),
    error
      ? h("p", { class: "notice error", role: "alert" }, error)
      : h(
          "div",
          { class: "camera" },
          video,
          h("div", { class: "guide", "aria-hidden": "true" }),
          h("p", { class: "camera-hint", role: "status", "aria-live": "polite", id: "camera-hint" }, t(hint)),
        ),
    h(
      "div",
      { class: "actions" },
      scanner?.setTorch
        ? h(
            "button",
            {
              type: "button",
              class: "secondary",
              id: "torch",
              "aria-pressed": torchOn ? "true" : "false",
              onclick: () => void toggleTorch(),
            },
            t(torchOn ? "torchOff" : "torchOn"),
          )
        : null,
      h("button", { type: "button", class: "secondary", id: "cancel", onclick: closeCamera }, t("cancel")),
    ),
  );
}

async function openCamera(): Promise<void> {
  show({ kind: "camera", hint: "cameraStarting" });
  try {
    scanner = await startScanner({
      video,
      workerUrl: meta("sceau-scan-worker"),
      wasmUrl: meta("sceau-scan-wasm"),
      onText: (text) => {
        if (!isSealText(text)) {
          if (state.view.kind === "camera" && state.view.hint !== "notSeal")
            show({ kind: "camera", hint: "notSeal" }, false);
          return false;
        }
        scanner = null;
        torchOn = false;
        void verifyText(text);
        return true;
      },
      onFailure: () => {
        scanner = null;
        show({ kind: "camera", hint: "cameraHint", error: t("scanFailed") });
      },
    });
    if (state.view.kind === "camera") show({ kind: "camera", hint: "cameraHint" }, false);
  } catch (e) {
    scanner = null;
    const name = e instanceof DOMException ? e.name : "";
    show({
      kind: "camera",
      hint: "cameraHint",
      error: t(name === "NotFoundError" || name === "OverconstrainedError" ? "noCamera" : "cameraDenied"),
    });
  }
}

function closeCamera(): void {
  scanner?.stop();
  scanner = null;
  torchOn = false;
  show({ kind: "home" });
  byId("scan").focus();
}

async function toggleTorch(): Promise<void> {
  if (!scanner?.setTorch) return;
  try {
    await scanner.setTorch(!torchOn);
    torchOn = !torchOn;
  } catch {
    torchOn = false;
  }
  render();
  document.getElementById("torch")?.focus();
}

// ---- Checking ----

function busyView(text: string, fraction: number | null): HTMLElement {
  const pct = fraction === null ? null : Math.round(fraction * 100);
  return h(
    "section",
    { "aria-labelledby": "busy-title", "aria-busy": "true" },
    h("h1", { id: "busy-title", tabindex: "-1" }, t("checking")),
    h(
      "div",
      { class: "progress-block" },
      h("label", { for: "progress", id: "progress-label" }, text),
      pct === null
        ? h("progress", { id: "progress", "aria-labelledby": "progress-label" })
        : h("progress", {
            id: "progress",
            max: "100",
            value: String(pct),
            "aria-labelledby": "progress-label",
          }),
    ),
  );
}

/** The QR text from the camera or the fragment: checked here, only the root asked of the server. */
async function verifyText(text: string): Promise<void> {
  show({ kind: "busy", key: "checkingSeal", fraction: null });
  try {
    show({ kind: "result", report: await verifyQrText(text, state.lang) });
  } catch (e) {
    show({
      kind: "failed",
      code: e instanceof ApiError ? e.code : "NETWORK",
      detail: e instanceof Error ? e.message : String(e),
    });
  }
}

async function verifyFile(file: File): Promise<void> {
  const name = file.name.length > 40 ? `${file.name.slice(0, 37)}…` : file.name;
  show({ kind: "busy", key: "uploading", params: { name, pct: 0 }, fraction: 0 });
  const form = new FormData();
  form.append("file", file, file.name);
  try {
    const { body } = await upload<Report>(`/api/v1/verify?lang=${state.lang}`, form, {
      onProgress: (f) => {
        const view: View =
          f === null
            ? { kind: "busy", key: "checking", fraction: null }
            : { kind: "busy", key: "uploading", params: { name, pct: Math.round(f * 100) }, fraction: f };
        state.view = view;
        render();
      },
      ok: [503],
    });
    show({ kind: "result", report: body });
  } catch (e) {
    show({
      kind: "failed",
      code: e instanceof ApiError ? e.code : "NETWORK",
      detail: e instanceof Error ? e.message : String(e),
    });
  }
}

function failedView(code: string, detail: string): HTMLElement {
  const message =
    code === "NETWORK"
      ? t("network")
      : code === "LINK_INVALID"
        ? t("linkInvalid")
        : (verifyErrorText(code, state.lang) ?? detail);
  return h(
    "section",
    { "aria-labelledby": "failed-title" },
    h(
      "div",
      // Grey, as `unavailable`: no conclusion about the extract, only about this attempt.
      { class: "verdict unavailable", id: "failed" },
      icon(ICONS.warn),
      h("div", null, h("h1", { id: "failed-title", tabindex: "-1" }, t("fileError")), h("p", null, message)),
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "primary", onclick: again }, t("tryAgain")),
    ),
  );
}

// ---- The result ----

const VERDICT_ICONS = {
  valid: ICONS.check,
  modified: ICONS.warn,
  revoked: ICONS.ban,
  invalid: ICONS.cross,
  unavailable: ICONS.cloud,
} as const;

const STATUS_ICONS = {
  valid: ICONS.check,
  invalid: ICONS.cross,
  error: ICONS.cloud,
  skipped: ICONS.dash,
} as const;

function resultView(r: Report): HTMLElement {
  const lang = state.lang;
  const issuer = r.issuer?.name ?? "";
  const maxAgeDays = maxAgeOf(r);
  const banner = h(
    "div",
    { class: `verdict ${r.verdict}`, "data-verdict": r.verdict, role: "status" },
    icon(VERDICT_ICONS[r.verdict]),
    h(
      "div",
      null,
      h("h1", { id: "verdict", tabindex: "-1" }, t(`verdict.${r.verdict}`)),
      h("p", null, fillIsolated(STRINGS[lang][`sub.${r.verdict}`], { issuer })),
    ),
  );

  const todo: HTMLElement[] = [];
  if (r.verdict !== "valid") {
    const lines: string[] = [];
    if (r.verdict === "revoked" && r.revocation) {
      lines.push(
        t("revokedOn", {
          date: formatDateTime(r.revocation.revokedAt),
          reason: reasonWords(r.revocation.reason, lang),
        }),
      );
    }
    lines.push(t(`todo.${r.verdict}`));
    todo.push(
      h(
        "section",
        { class: `todo ${r.verdict}`, "aria-labelledby": "todo-title" },
        h("h2", { id: "todo-title" }, t("todo")),
        lines.map((l) => h("p", null, l)),
      ),
    );
  }
  if (r.warnings.includes("unofficial-address")) {
    // First of all: the printed code sends phones to another page, whatever the verdict.
    todo.unshift(
      h(
        "section",
        { class: "todo unofficial", id: "unofficial", "aria-labelledby": "unofficial-title" },
        h("h2", { id: "unofficial-title" }, t("unofficialTitle")),
        h(
          "p",
          { class: "address" },
          t("todo.unofficial", {
            address: r.warningParams.address ?? "?",
            official: r.warningParams.officialAddress ?? "?",
          }),
        ),
      ),
    );
  }
  if (r.warnings.includes("stale") && r.document && maxAgeDays !== null) {
    todo.push(
      h(
        "section",
        { class: "todo stale", "aria-labelledby": "stale-title" },
        h("h2", { id: "stale-title" }, t("staleTitle")),
        h("p", null, t("todo.stale", { days: r.document.ageDays, max: maxAgeDays })),
      ),
    );
  }

  // Every value in its own isolate (`<bdi>`): no name can reorder the words around it.
  const facts: [string, Child[]][] = [];
  const k = r.keyData;
  if (r.issuer) facts.push([t("issuer"), [iso(r.issuer.name)]]);
  if (r.document) {
    facts.push([
      t("issuedAt"),
      [iso(formatDate(r.document.issuedAt)), " (", iso(formatAge(r.document.ageDays, lang)), ")"],
    ]);
    facts.push([t("documentId"), [iso(r.document.id)]]);
  }
  if (k) {
    if (k.debtor.type === "person") {
      facts.push([t("debtor"), [iso(k.debtor.lastName), ", ", iso(k.debtor.firstNames)]]);
      facts.push([t("dateOfBirth"), [iso(formatDate(k.debtor.dateOfBirth))]]);
    } else {
      facts.push([t("company"), [iso(k.debtor.name)]]);
      facts.push([t("uid"), [iso(k.debtor.uid)]]);
    }
    facts.push([
      t("place"),
      [
        k.country === "CH" ? null : iso(k.country),
        k.country === "CH" ? null : "-",
        iso(k.postalCode),
        " ",
        iso(k.town),
      ],
    ]);
    facts.push([t("coverage"), [iso(formatDate(k.coverage.from)), " – ", iso(formatDate(k.coverage.to))]]);
    facts.push([
      t("proceedings"),
      [
        k.summary.entries === 0
          ? t("none")
          : t("proceedingsValue", {
              n: k.summary.entries,
              open: k.summary.openEntries,
              amount: formatAmount(k.summary.openAmount),
            }),
      ],
    ]);
    facts.push([
      t("losses"),
      [
        k.summary.lossCertificates === 0
          ? t("none")
          : t("lossesValue", { n: k.summary.lossCertificates, amount: formatAmount(k.summary.lossAmount) }),
      ],
    ]);
  }
  if (r.document) facts.push([t("office"), [iso(r.document.office)]]);

  const keyData =
    facts.length > 0
      ? h(
          "section",
          { class: "card", "aria-labelledby": "facts-title" },
          h(
            "h2",
            { id: "facts-title" },
            r.verdict === "invalid" || r.verdict === "unavailable" ? t("keyDataUnconfirmed") : t("keyData"),
          ),
          r.verdict === "valid" ? h("p", { class: "muted" }, t("todo.valid")) : null,
          h(
            "dl",
            { class: "facts", id: "facts" },
            facts.map(([label, value]) => h("div", null, h("dt", null, label), h("dd", null, value))),
          ),
        )
      : null;

  const checks = h(
    "section",
    { class: "card", "aria-labelledby": "checks-title" },
    h("h2", { id: "checks-title" }, t("checks")),
    h("p", { class: "muted small" }, t(`source.${r.source}`)),
    h(
      "ul",
      { class: "checks", id: "checks" },
      r.checks.map((c) =>
        h(
          "li",
          { "data-code": c.code, "data-status": c.status },
          h("span", { class: c.status }, icon(STATUS_ICONS[c.status])),
          h(
            "span",
            null,
            h("span", { class: `status ${c.status}` }, `${t(`status.${c.status}`)}: `),
            h("span", { class: "text" }, checkText(c, lang)),
          ),
        ),
      ),
    ),
  );

  return h(
    "section",
    { "aria-labelledby": "verdict", id: "result" },
    banner,
    todo,
    keyData,
    checks,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "primary", id: "again", onclick: again }, t("again")),
    ),
  );
}

function again(): void {
  if (location.hash) history.replaceState(null, "", location.pathname === "/v" ? "/" : location.pathname);
  show({ kind: "home" });
}

// ---- Start ----

async function fromFragment(): Promise<void> {
  scanner?.stop();
  scanner = null;
  let text: string;
  try {
    text = decodeURIComponent(location.hash.slice(1));
  } catch {
    // `/v#%`: not even text. Said in words, and the broken link taken out of the address bar.
    forgetFragment();
    show({ kind: "failed", code: "LINK_INVALID", detail: "" });
    return;
  }
  if (text.length === 0) return;
  await verifyText(text);
  // The seal holds names and a birth date: once the verdict is shown it leaves the address bar
  // and the history (the result screen keeps it in memory). Without a verdict (no network) it
  // stays, so that reloading the page tries again.
  if (state.view.kind === "result") forgetFragment();
}

function forgetFragment(): void {
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
}

window.addEventListener("hashchange", () => void fromFragment());
render();
if (location.hash.length > 1) void fromFragment();
