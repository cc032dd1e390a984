/**
 * The camera screen: the video with its guide, the hint, the torch and cancel buttons. Frames
 * are decoded in a worker (`camera.ts`); the first seal read is checked on the device.
 * @module
 */
import { byId, h } from "../dom.ts";
import { startScanner, type Scanner } from "./camera.ts";
import { verifyText } from "./checking.ts";
import { isSealText } from "./local.ts";
import { render, show, state, t } from "./state.ts";
import type { VerifyKey } from "./strings.ts";

let scanner: Scanner | null = null;
let torchOn = false;
/** One video element for the page's life: re-rendering (a language switch) keeps the stream. */
const video = h("video", { muted: true, playsinline: true, autoplay: true, "aria-hidden": "true" });

function meta(name: string): string {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? "";
}

export function cameraView(hint: VerifyKey, error?: string): HTMLElement {
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

export async function openCamera(): Promise<void> {
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

/** Stops the camera, if it runs (a link opened meanwhile takes over). */
export function stopCamera(): void {
  scanner?.stop();
  scanner = null;
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
