/**
 * "Compare with the paper": the card directly under the verdict, in large type, with the data the
 * seal carries in the paper's order and with the paper's words: name and first names, date of
 * birth (or company and UID), postal code and town, the statement sentence as printed, the issue
 * date and the document number. On a phone the name and the statement are on the first screen.
 * For a seal that is not confirmed (invalid, unavailable) the same data are greyed and labelled
 * "do not rely on this".
 * @module
 */
import { amountToCents } from "../../core/extract-terms.ts";
import { LABELS } from "../../core/labels.ts";
import { statementText } from "../../core/statement.ts";
import { h, iso, type Child } from "../dom.ts";
import { formatDate } from "../i18n.ts";
import type { Report } from "./local.ts";
import { state, t } from "./state.ts";

/** The statement sentence exactly as the paper prints it (`src/core/statement.ts`). */
function statement(k: NonNullable<Report["keyData"]>): string {
  const s = k.summary;
  return statementText(state.lang, {
    entries: s.entries,
    openEntries: s.openEntries,
    openAmountCents: amountToCents(s.openAmount),
    lossCertificates: s.lossCertificates,
    lossAmountCents: amountToCents(s.lossAmount),
  });
}

function rows(r: Report): [string, string, Child[]][] {
  const k = r.keyData;
  if (!k) return [];
  // The paper's own labels (`src/core/labels.ts`), in its order.
  const paper = LABELS[state.lang];
  const out: [string, string, Child[]][] = [];
  if (k.debtor.type === "person") {
    out.push([
      "name",
      `${paper.person.lastName}, ${paper.person.firstNames}`,
      [iso(k.debtor.lastName), ", ", iso(k.debtor.firstNames)],
    ]);
    out.push(["birth", paper.person.dateOfBirth, [iso(formatDate(k.debtor.dateOfBirth))]]);
  } else {
    out.push(["name", paper.company.name, [iso(k.debtor.name)]]);
    out.push(["uid", paper.company.uid, [iso(k.debtor.uid)]]);
  }
  out.push([
    "place",
    t("label.place"),
    [k.country === "CH" ? null : `${k.country}-`, iso(k.postalCode), " ", iso(k.town)],
  ]);
  out.push(["statement", t("label.statement"), [statement(k)]]);
  if (r.document) {
    out.push(["issued", paper.issuedOn, [iso(formatDate(r.document.issuedAt))]]);
    out.push(["document", paper.documentId, [iso(r.document.id)]]);
  }
  return out;
}

export function compareCard(r: Report): HTMLElement | null {
  const list = rows(r);
  if (list.length === 0) return null;
  const confirmed = r.verdict !== "invalid" && r.verdict !== "unavailable";
  return h(
    "section",
    {
      class: confirmed ? "card compare" : "card compare unconfirmed",
      id: "compare",
      "aria-labelledby": "compare-title",
    },
    h("h2", { id: "compare-title" }, confirmed ? t("compare.title") : t("compare.unconfirmed")),
    confirmed ? h("p", { class: "muted" }, t("compare.help")) : null,
    h(
      "dl",
      { class: "facts", id: "facts" },
      list.map(([key, label, value]) =>
        h("div", { "data-field": key }, h("dt", null, label), h("dd", null, value)),
      ),
    ),
  );
}
