/**
 * While a seal is checked, and when it could not be: the progress screen, the checking of
 * scanned text on the device, and the screen of an attempt that failed.
 * @module
 */
import { ApiError } from "../api.ts";
import { ICONS, h, icon } from "../dom.ts";
import { verifyErrorText, verifyQrText } from "./local.ts";
import { show, state, t, type View } from "./state.ts";

export function busyView(text: string, fraction: number | null): HTMLElement {
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

/** The screen of an attempt that ended without a report: the API's code, or `NETWORK`. */
export function failure(e: unknown): View {
  return {
    kind: "failed",
    code: e instanceof ApiError ? e.code : "NETWORK",
    detail: e instanceof Error ? e.message : String(e),
  };
}

/** The QR text from the camera or the fragment: checked here, only the root asked of the server. */
export async function verifyText(text: string): Promise<void> {
  show({ kind: "busy", key: "checkingSeal", fraction: null });
  try {
    show({ kind: "result", report: await verifyQrText(text, state.lang) });
  } catch (e) {
    show(failure(e));
  }
}

export function failedView(code: string, detail: string): HTMLElement {
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

/** Back to the start, the seal out of the address bar. */
export function again(): void {
  if (location.hash) history.replaceState(null, "", location.pathname === "/v" ? "/" : location.pathname);
  show({ kind: "home" });
}
