/**
 * The result screen: a large verdict (colour, icon and words), what to do about it
 * (`advice.ts`), the key data to compare with the paper, and every check in words.
 * @module
 */
import { ICONS, h, icon, iso, type Child } from "../dom.ts";
import { fillIsolated, formatAge, formatAmount, formatDate } from "../i18n.ts";
import { advicePanels } from "./advice.ts";
import { again } from "./checking.ts";
import { checkText, type Report } from "./local.ts";
import { state, t } from "./state.ts";
import { STRINGS } from "./strings.ts";

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

export function resultView(r: Report): HTMLElement {
  const issuer = r.issuer?.name ?? "";
  const banner = h(
    "div",
    { class: `verdict ${r.verdict}`, "data-verdict": r.verdict, role: "status" },
    icon(VERDICT_ICONS[r.verdict]),
    h(
      "div",
      null,
      h("h1", { id: "verdict", tabindex: "-1" }, t(`verdict.${r.verdict}`)),
      h("p", null, fillIsolated(STRINGS[state.lang][`sub.${r.verdict}`], { issuer })),
    ),
  );
  return h(
    "section",
    { "aria-labelledby": "verdict", id: "result" },
    banner,
    advicePanels(r),
    keyDataCard(r),
    checksCard(r),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "primary", id: "again", onclick: again }, t("again")),
    ),
  );
}

/** The issuer, the document and the key data the seal carries, each value isolated. */
function facts(r: Report): [string, Child[]][] {
  const lang = state.lang;
  // Every value in its own isolate (`<bdi>`): no name can reorder the words around it.
  const out: [string, Child[]][] = [];
  const k = r.keyData;
  if (r.issuer) out.push([t("issuer"), [iso(r.issuer.name)]]);
  if (r.document) {
    out.push([
      t("issuedAt"),
      [iso(formatDate(r.document.issuedAt)), " (", iso(formatAge(r.document.ageDays, lang)), ")"],
    ]);
    out.push([t("documentId"), [iso(r.document.id)]]);
  }
  if (k) {
    if (k.debtor.type === "person") {
      out.push([t("debtor"), [iso(k.debtor.lastName), ", ", iso(k.debtor.firstNames)]]);
      out.push([t("dateOfBirth"), [iso(formatDate(k.debtor.dateOfBirth))]]);
    } else {
      out.push([t("company"), [iso(k.debtor.name)]]);
      out.push([t("uid"), [iso(k.debtor.uid)]]);
    }
    out.push([
      t("place"),
      [
        k.country === "CH" ? null : iso(k.country),
        k.country === "CH" ? null : "-",
        iso(k.postalCode),
        " ",
        iso(k.town),
      ],
    ]);
    out.push([t("coverage"), [iso(formatDate(k.coverage.from)), " – ", iso(formatDate(k.coverage.to))]]);
    out.push([
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
    out.push([
      t("losses"),
      [
        k.summary.lossCertificates === 0
          ? t("none")
          : t("lossesValue", { n: k.summary.lossCertificates, amount: formatAmount(k.summary.lossAmount) }),
      ],
    ]);
  }
  if (r.document) out.push([t("office"), [iso(r.document.office)]]);
  return out;
}

function keyDataCard(r: Report): HTMLElement | null {
  const rows = facts(r);
  if (rows.length === 0) return null;
  return h(
    "section",
    { class: "card", "aria-labelledby": "facts-title" },
    h(
      "h2",
      { id: "facts-title" },
      r.verdict === "invalid" || r.verdict === "unavailable" ? t("keyDataUnconfirmed") : t("keyData"),
    ),
    r.verdict === "valid" ? h("p", { class: "muted" }, t("advice.valid")) : null,
    h(
      "dl",
      { class: "facts", id: "facts" },
      rows.map(([label, value]) => h("div", null, h("dt", null, label), h("dd", null, value))),
    ),
  );
}

function checksCard(r: Report): HTMLElement {
  return h(
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
            h("span", { class: "text" }, checkText(c, state.lang)),
          ),
        ),
      ),
    ),
  );
}
