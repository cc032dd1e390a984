/**
 * The button that downloads an extract's PDF with the office token (the issue form's notice and
 * every anchored row of the list have one).
 * @module
 */
import { download, saveBlob } from "../api.ts";
import { h } from "../dom.ts";
import { errorText, render, state } from "./state.ts";

export function pdfButton(id: string, text: string, label: string, kind = "secondary"): HTMLElement {
  return h(
    "button",
    {
      type: "button",
      class: kind,
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
            state.list.notice = { kind: "error", text: () => errorText(e) };
            render();
          },
        );
      },
    },
    text,
  );
}
