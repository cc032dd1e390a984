/**
 * The start screen: scan with the camera, or drop or choose a PDF or a photo, which is sent to
 * `POST /api/v1/verify` with a progress bar. And the page's own address, shown on every screen.
 * @module
 */
import { upload } from "../api.ts";
import { ICONS, h, icon, iso } from "../dom.ts";
import { fill } from "../i18n.ts";
import { openCamera } from "./camera-view.ts";
import { failure } from "./checking.ts";
import type { Report } from "./local.ts";
import { render, show, state, t, type View } from "./state.ts";
import { STRINGS } from "./strings.ts";

/** The page's own address, so people learn the official one (it is printed beside the QR code). */
export function official(): HTMLElement {
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

/**
 * "Order your own extract online: …", the online counter's address (SCEAU_COUNTER_URL, in the
 * page's `sceau-counter-url` meta); nothing when none is configured.
 */
export function counterLine(): HTMLElement | null {
  const url = document.querySelector<HTMLMetaElement>('meta[name="sceau-counter-url"]')?.content ?? "";
  if (!/^https?:\/\//.test(url)) return null;
  return h("p", { class: "counter", id: "counter" }, t("counter"), " ", h("a", { href: url }, iso(url)));
}

export function homeView(error?: string): HTMLElement {
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

/** Sends a file to the service, showing the upload's progress, then its report. */
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
    show(failure(e));
  }
}
