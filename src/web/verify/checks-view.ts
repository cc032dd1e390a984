/**
 * What was checked, in four lines a person understands (issued by a recognised office; not
 * changed since, or a copy to compare; not revoked; issued N days ago), and the ten technical
 * checks, the registry, the root, the account and the block in a closed "Technical details".
 * A seal that is not genuine gets no green tick and no issuer or age line: only what failed, and
 * why the rest was not checked.
 * @module
 */
import { ICONS, h, icon, iso } from "../dom.ts";
import { cantonName } from "../../core/trust.ts";
import { formatZurichDateTime } from "../i18n.ts";
import { checkText, maxAgeOf, type Report } from "./local.ts";
import { state, t } from "./state.ts";

const STATUS_ICONS = {
  valid: ICONS.check,
  invalid: ICONS.cross,
  error: ICONS.cloud,
  skipped: ICONS.dash,
} as const;

type Tone = "ok" | "bad" | "warn" | "info" | "none";
const TONE_ICONS: Record<Tone, readonly string[]> = {
  ok: ICONS.check,
  bad: ICONS.cross,
  warn: ICONS.warn,
  info: ICONS.info,
  none: ICONS.dash,
};

function line(kind: string, tone: Tone, text: string): HTMLElement {
  return h(
    "li",
    { "data-line": kind, "data-tone": tone },
    h("span", { class: `tone ${tone}` }, icon(TONE_ICONS[tone])),
    h("span", null, text),
  );
}

/** The four plain lines (fewer, and no tick, when the seal is not genuine or not checked). */
function plainLines(r: Report): HTMLElement[] {
  if (r.verdict === "invalid") {
    const failed = r.checks.find((c) => c.status === "invalid" || c.status === "error");
    return [
      line("seal", "bad", t("plain.invalid", { reason: failed ? checkText(failed, state.lang) : "" })),
      line("rest", "none", t("plain.notChecked")),
    ];
  }
  if (r.verdict === "unavailable") return [line("rest", "none", t("plain.unavailable"))];
  const out: HTMLElement[] = [];
  const office = r.issuer?.office;
  const name = office
    ? `${office.names[state.lang]} (${cantonName(office.canton, state.lang)})`
    : (r.issuer?.name ?? "");
  out.push(line("issuer", "ok", t("plain.issuer", { office: name })));
  if (r.verdict === "modified") out.push(line("file", "bad", t("plain.edited")));
  else if (r.scope === "document") out.push(line("file", "ok", t("plain.unchanged")));
  else out.push(line("file", "info", t("plain.copy")));
  if (r.verdict === "revoked" && r.revocation) {
    out.push(
      line("revocation", "bad", t("plain.revoked", { date: formatZurichDateTime(r.revocation.revokedAt) })),
    );
  } else out.push(line("revocation", "ok", t("plain.notRevoked")));
  if (r.document) {
    const max = maxAgeOf(r);
    out.push(
      r.warnings.includes("stale") && max !== null
        ? line("age", "warn", t("plain.stale", { days: r.document.ageDays, max }))
        : line("age", "ok", t("plain.age", { days: r.document.ageDays })),
    );
  }
  return out;
}

export function plainCard(r: Report): HTMLElement {
  return h(
    "section",
    { class: "card plain", "aria-labelledby": "plain-title" },
    h("h2", { id: "plain-title" }, t("plain.title")),
    h("ul", { class: "plain-lines", id: "plain" }, plainLines(r)),
  );
}

/** The closed "Technical details": every check in words, the registry and the anchor. */
export function technicalDetails(r: Report): HTMLElement {
  const facts: HTMLElement[] = [];
  if (r.issuer) {
    facts.push(
      h(
        "div",
        null,
        h("dt", null, t("tech.registry")),
        h(
          "dd",
          null,
          iso(r.issuer.office ? r.issuer.office.id : r.issuer.name),
          " · ",
          iso(r.issuer.registry),
          " · chain ",
          iso(r.issuer.chainId),
        ),
      ),
    );
  }
  if (r.anchor) {
    facts.push(
      h(
        "div",
        null,
        h("dt", null, t("tech.anchor")),
        h(
          "dd",
          null,
          t("tech.anchorValue", {
            root: r.anchor.root,
            account: r.anchor.account,
            block: r.anchor.blockNumber === null ? "?" : String(r.anchor.blockNumber),
          }),
        ),
      ),
    );
  }
  return h(
    "details",
    { class: "card technical", id: "technical" },
    h("summary", null, t("tech.title")),
    h(
      "ul",
      { class: "checks", id: "checks" },
      r.checks.map((c) =>
        h(
          "li",
          { "data-code": c.code, "data-status": c.status },
          // On a seal that is not genuine, no check shows a green tick.
          h(
            "span",
            { class: r.verdict === "invalid" && c.status === "valid" ? "skipped" : c.status },
            icon(r.verdict === "invalid" && c.status === "valid" ? ICONS.dash : STATUS_ICONS[c.status]),
          ),
          h(
            "span",
            null,
            h("span", { class: "sr-only" }, `${t(`status.${c.status}`)}: `),
            h("span", { class: "text" }, checkText(c, state.lang)),
          ),
        ),
      ),
    ),
    facts.length > 0 ? h("dl", { class: "facts small" }, facts) : null,
  );
}
