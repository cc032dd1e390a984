/**
 * What to do about a result: the panels between the verdict and the key data. The unofficial
 * address comes first whatever the verdict (the printed code sends phones elsewhere), then what
 * to do about a verdict that is revoked, invalid or unavailable.
 * @module
 */
import { h } from "../dom.ts";
import { formatZurichDateTime } from "../i18n.ts";
import { reasonWords } from "../../core/messages.ts";
import type { Report } from "./local.ts";
import { state, t } from "./state.ts";

export function advicePanels(r: Report): HTMLElement[] {
  const panels: HTMLElement[] = [];
  if (r.warnings.includes("unofficial-address")) {
    panels.push(
      h(
        "section",
        { class: "advice unofficial", id: "unofficial", "aria-labelledby": "unofficial-title" },
        h("h2", { id: "unofficial-title" }, t("unofficialTitle")),
        h(
          "p",
          { class: "address" },
          t("advice.unofficial", {
            address: r.warningParams.address ?? "?",
            official: r.warningParams.officialAddress ?? "?",
          }),
        ),
      ),
    );
  }
  // `modified` says what to do in its banner; an old extract, too.
  if (r.verdict === "revoked" || r.verdict === "invalid" || r.verdict === "unavailable") {
    const lines: string[] = [];
    if (r.verdict === "revoked" && r.revocation) {
      lines.push(
        t("revokedOn", {
          date: formatZurichDateTime(r.revocation.revokedAt),
          reason: reasonWords(r.revocation.reason, state.lang),
        }),
      );
    }
    lines.push(t(`advice.${r.verdict}`));
    panels.push(
      h(
        "section",
        { class: `advice ${r.verdict}`, "aria-labelledby": "advice-title" },
        h("h2", { id: "advice-title" }, t("advice")),
        lines.map((l) => h("p", null, l)),
      ),
    );
  }
  return panels;
}
