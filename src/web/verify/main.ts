/**
 * The verification page (`/` and `/v#<seal>`).
 *
 * - `/v#<seal>`, what a phone camera opens from the QR code: the seal is decoded and checked on
 *   the device with the same core code as the server; the server is asked only about the batch
 *   root (`GET /api/v1/roots/{root}`). The fragment, and the personal data in it, never leave
 *   the device (`fragment.ts`).
 * - `/`: scan the QR code with the camera (`camera-view.ts`: decoded in a worker, then checked as
 *   above), or drop or choose a PDF or a photo (`home.ts`), sent to `POST /api/v1/verify` with a
 *   progress bar (`checking.ts`).
 *
 * The result (`result.ts`): a large verdict (colour, icon and words), the issuer from the
 * verifier's trust list, the issue date and age, the key data to compare with the paper, every
 * check in words, and what to do when the extract is not valid (`advice.ts`). One module per
 * screen over `state.ts`; this one draws the page around them and starts it.
 * @module
 */
import { byId, h, replace } from "../dom.ts";
import type { Language } from "../../core/extract.ts";
import { pageHeader } from "../i18n.ts";
import { cameraView } from "./camera-view.ts";
import { busyView, failedView } from "./checking.ts";
import { fromFragment } from "./fragment.ts";
import { counterLine, homeView, official } from "./home.ts";
import { issuerLine, resultView } from "./result.ts";
import { render, setRenderer, state, t } from "./state.ts";

const app = byId("app");

function renderPage(focus: boolean): void {
  document.documentElement.lang = state.lang;
  document.title = `Sceau – ${t("brandSub")}`;
  const header = pageHeader(t("brandSub"), state.lang, t("langLabel"), (lang: Language) => {
    state.lang = lang;
    render();
  });
  const v = state.view;
  // A result names its issuing office and canton in the header, as the paper's letterhead does.
  const issuer = v.kind === "result" ? issuerLine(v.report) : null;
  if (issuer) header.append(h("p", { class: "header-issuer", id: "header-issuer" }, issuer));
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
  replace(
    app,
    header,
    h(
      "main",
      { id: "main" },
      body,
      v.kind === "home" || v.kind === "result" ? null : official(),
      v.kind === "home" || v.kind === "result" ? counterLine() : null,
    ),
  );
  if (focus) byId("main").querySelector<HTMLElement>("h1")?.focus();
}

setRenderer(renderPage);
window.addEventListener("hashchange", () => void fromFragment());
render();
if (location.hash.length > 1) void fromFragment();
