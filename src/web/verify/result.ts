/**
 * The result screen (docs/verdict.md): the verdict banner (colour, icon and words that say what
 * was proven: the file, or only the seal, and an extract's age when it is older than accepted)
 * with the official address beside it, then "Compare with the paper", what to do (`advice.ts`),
 * the four plain checks and the closed technical details (`checks-view.ts`), and a printable
 * line saying when and where it was verified.
 * @module
 */
import { ICONS, h, icon } from "../dom.ts";
import type { Language } from "../../core/extract.ts";
import { cantonName } from "../../core/trust.ts";
import { advicePanels } from "./advice.ts";
import { again } from "./checking.ts";
import { plainCard, technicalDetails } from "./checks-view.ts";
import { compareCard } from "./compare.ts";
import { official } from "./home.ts";
import type { Report } from "./local.ts";
import { state, t } from "./state.ts";
import type { VerifyKey } from "./strings.ts";

const VERDICT_ICONS = {
  valid: ICONS.check,
  modified: ICONS.warn,
  revoked: ICONS.ban,
  invalid: ICONS.cross,
  unavailable: ICONS.cloud,
} as const;

/** When each report was shown: the printed result says when it was verified. */
const shownAt = new WeakMap<Report, Date>();

/** `4 months ago`, `il y a 12 jours`: how long ago an old extract was issued. */
function issuedAgo(days: number, lang: Language): string {
  const format = new Intl.RelativeTimeFormat(lang, { numeric: "always" });
  return days < 60 ? format.format(-days, "day") : format.format(-Math.round(days / 30.44), "month");
}

function banner(r: Report): HTMLElement {
  const age = r.verdict === "valid" && r.warnings.includes("stale") ? (r.document?.ageDays ?? null) : null;
  const stale = age !== null;
  let title: string;
  let sub: string;
  if (age !== null) {
    title = t("verdict.valid.stale", { ago: issuedAgo(age, state.lang) });
    sub = t("sub.valid.stale");
  } else if (r.verdict === "valid" && r.scope === "data") {
    title = t("verdict.valid.data");
    sub = t("sub.valid.data");
  } else {
    title = t(`verdict.${r.verdict}` as VerifyKey);
    sub = t(`sub.${r.verdict}` as VerifyKey);
  }
  return h(
    "div",
    {
      class: `verdict ${r.verdict}${stale ? " stale" : ""}`,
      "data-verdict": r.verdict,
      "data-scope": r.scope,
      role: "status",
    },
    icon(stale ? ICONS.warn : VERDICT_ICONS[r.verdict]),
    h("div", null, h("h1", { id: "verdict", tabindex: "-1" }, title), h("p", null, sub)),
  );
}

/** "Verified on 01.12.2026 at 22:43 (Swiss time) at https://…": for the printed result. */
function verifiedAt(r: Report): HTMLElement {
  const at = shownAt.get(r) ?? new Date();
  shownAt.set(r, at);
  const part = (o: Intl.DateTimeFormatOptions): string =>
    new Intl.DateTimeFormat("de-CH", { timeZone: "Europe/Zurich", ...o }).format(at);
  return h(
    "p",
    { class: "verified-at", id: "verified-at" },
    t("verifiedAt", {
      date: part({ day: "2-digit", month: "2-digit", year: "numeric" }),
      time: part({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
      address: `${location.origin}/`,
    }),
  );
}

export function resultView(r: Report): HTMLElement {
  return h(
    "section",
    { "aria-labelledby": "verdict", id: "result" },
    h("div", { class: "verdict-row" }, banner(r), official()),
    compareCard(r),
    advicePanels(r),
    plainCard(r),
    technicalDetails(r),
    verifiedAt(r),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          id: "print",
          onclick: () => {
            window.print();
          },
        },
        t("printResult"),
      ),
      h("button", { type: "button", class: "primary", id: "again", onclick: again }, t("again")),
    ),
  );
}

/** The issuing office and its canton, for the page header of a result (null when unknown). */
export function issuerLine(r: Report): string | null {
  const office = r.verdict === "invalid" || r.verdict === "unavailable" ? null : r.issuer?.office;
  return office
    ? t("issuedBy", { office: office.names[state.lang], canton: cantonName(office.canton, state.lang) })
    : null;
}
