/**
 * Revoking one extract: a modal dialog asking for the reason and an explicit confirmation, then
 * the revocation request; the outcome is shown above the list.
 * @module
 */
import { REASON_WORDS } from "../../core/messages.ts";
import { REVOCATION_REASONS, type RevocationReason } from "../../core/revocation.ts";
import type { ListItem } from "../../issuer/service.ts";
import { api } from "../api.ts";
import { formatDate } from "../i18n.ts";
import { h } from "../dom.ts";
import { errorText, state, t } from "./state.ts";

/**
 * Opens the dialog for the list's `item`, naming its debtor (not only its number, which a clerk
 * cannot tell from another); `reload` refreshes the list once the request is answered.
 */
export function openRevoke(item: ListItem, reload: () => Promise<void>): void {
  const id = item.id;
  const name = item.debtorName ?? item.reference ?? id;
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
    {
      class: "dialog",
      "aria-labelledby": "revoke-title",
      "aria-describedby": "revoke-which revoke-intro",
      "data-revoke-dialog": id,
    },
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
          void revoke(id, name, select.value as RevocationReason, reload).finally(() => {
            dialog.close();
          });
        },
      },
      h("h2", { id: "revoke-title" }, t("revokeTitle", { name })),
      h("p", { id: "revoke-which" }, t("revokeWhich", { id, date: formatDate(item.issuedAt) })),
      h("p", { id: "revoke-intro" }, t("revokeIntro")),
      h("div", { class: "field" }, h("label", { for: "revoke-reason" }, t("reason")), select),
      h(
        "div",
        { class: "check" },
        confirm,
        h("label", { for: "revoke-confirm" }, t("confirmRevoke", { name })),
      ),
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

async function revoke(
  id: string,
  name: string,
  reason: RevocationReason,
  reload: () => Promise<void>,
): Promise<void> {
  try {
    const { status } = await api(`/api/v1/extracts/${encodeURIComponent(id)}/revoke`, {
      method: "POST",
      token: state.token,
      json: { reason },
    });
    state.list.notice = {
      kind: "ok",
      text: () => t(status === 200 ? "revoked" : "revokePending", { id, name }),
    };
  } catch (e) {
    state.list.notice = { kind: "error", text: () => errorText(e) };
  }
  await reload();
}

function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase(state.lang) + s.slice(1);
}
