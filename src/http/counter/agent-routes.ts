/**
 * Agent mode: post office staff sign in with their counter's credential, identify the citizen
 * in person (the identity document's type and the last four characters of its number, never an
 * image), order on the citizen's behalf and print the sealed extract and the QR-bill. An agent
 * sees the orders they placed today and nothing of the register.
 * @module
 */
import type { Request, Router } from "express";
import { isoDateOf } from "../../core/dates.ts";
import { SceauError } from "../../core/errors.ts";
import {
  checkEmail,
  checkIdDocument,
  checkPerson,
  fieldIssuesOf,
  type FieldIssue,
} from "../../counter/person.ts";
import { languageOf, newOrderId, plain as say, str, type PageKit } from "./kit.ts";
import { alert, csrfField, esc, field, idTypeSelect, languageSelect, page, stateLabel, t } from "./pages.ts";
import type { CounterHttpDeps } from "./routes.ts";
import { checkCsrf, type Session } from "./session.ts";

export function agentRoutes(router: Router, kit: PageKit, deps: CounterHttpDeps): void {
  const { service, sessions } = deps;
  const { langOf, layout, send, handle, form } = kit;

  const agentSignInPage = (req: Request, s: Session, wrong: boolean): string => {
    const lang = langOf(req, s);
    return page(
      layout(req, s, lang, say(lang, "agentTitle")),
      `<h1>${t(lang, "agentTitle")}</h1>${wrong ? alert(t(lang, "badCredential")) : ""}
<form method="post" action="/counter/agent/sign-in">${csrfField(s.csrf)}
<div class="field"><label for="credential">${t(lang, "credential")}</label>
<input id="credential" name="credential" type="password" autocomplete="current-password" required maxlength="200"${wrong ? ' aria-invalid="true"' : ""}></div>
<button type="submit">${t(lang, "agentSignIn")}</button></form>`,
    );
  };

  const agentHome = (
    req: Request,
    s: Session,
    issues: readonly FieldIssue[],
    values: Record<string, string>,
    notice = "",
  ): string => {
    const lang = langOf(req, s);
    const agent = s.agent;
    if (!agent) return agentSignInPage(req, s, false);
    const orders = service.agentOrders(agent.id, startOfDay(deps.now()));
    const list =
      orders.length === 0
        ? `<p>${t(lang, "noOrders")}</p>`
        : `<ul class="orders">${orders
            .map(
              (o) =>
                `<li><a href="/counter/orders/${o.id}">${esc(`${o.person.firstNames} ${o.person.lastName}`)}</a> · <span>${stateLabel(lang, o)}</span></li>`,
            )
            .join("")}</ul>`;
    const v = (k: string): string => values[k] ?? "";
    return page(
      layout(req, s, lang, say(lang, "agentTitle")),
      `<h1>${t(lang, "agentTitle")}</h1>${notice}
<section aria-labelledby="new"><h2 id="new">${t(lang, "newOrder")}</h2>
${issues.length > 0 ? alert(t(lang, "fixFields")) : ""}
<p class="note">${t(lang, "idCheck")}</p>
<form method="post" action="/counter/agent/orders" novalidate>${csrfField(s.csrf)}
<input type="hidden" name="orderId" value="${esc(v("orderId") || newOrderId())}">
${field(lang, "lastName", v("lastName"), issues, { autocomplete: "off" })}
${field(lang, "firstNames", v("firstNames"), issues, { autocomplete: "off" })}
${field(lang, "dateOfBirth", v("dateOfBirth"), issues, { type: "date", autocomplete: "off" })}
${field(lang, "street", v("street"), issues, { autocomplete: "off" })}
${field(lang, "houseNumber", v("houseNumber"), issues, { autocomplete: "off", required: false, maxlength: 16 })}
${field(lang, "postalCode", v("postalCode"), issues, { autocomplete: "off", inputmode: "numeric", maxlength: 4 })}
${field(lang, "town", v("town"), issues, { autocomplete: "off" })}
${idTypeSelect(lang, v("idType"), issues)}
${field(lang, "idLast4", v("idLast4"), issues, { autocomplete: "off", maxlength: 4 })}
${languageSelect(lang, "extractLanguage", languageOf(v("extractLanguage"), lang))}
${field(lang, "email", v("email"), issues, { type: "email", autocomplete: "off", required: false, maxlength: 254 })}
<button type="submit">${t(lang, "agentPlace")}</button></form></section>
<section aria-labelledby="today"><h2 id="today">${t(lang, "agentToday", { postOffice: agent.postOffice.name })}</h2>${list}</section>`,
    );
  };

  router.get(
    "/counter/agent",
    handle((req, res, s0) => {
      const s = s0 ?? sessions.create(res, null);
      send(res, 200, s.agent ? agentHome(req, s, [], {}) : agentSignInPage(req, s, false));
    }),
  );

  router.post(
    "/counter/agent/sign-in",
    form,
    handle((req, res, s) => {
      checkCsrf(s, req.body);
      const credential = (req.body as Record<string, unknown>)["credential"];
      const agent =
        typeof credential === "string" && credential.length <= 200
          ? deps.agents.authenticate(credential)
          : null;
      if (!agent) {
        send(res, 401, agentSignInPage(req, s, true));
        return;
      }
      const signed = sessions.create(res, s);
      signed.agent = agent;
      res.redirect(303, "/counter/agent");
    }),
  );

  router.post(
    "/counter/agent/orders",
    form,
    handle(async (req, res, s) => {
      checkCsrf(s, req.body);
      const agent = s.agent;
      if (!agent) throw new SceauError("UNAUTHENTICATED", "Not signed in.");
      const body = req.body as Record<string, unknown>;
      const values = Object.fromEntries(
        Object.entries(body)
          .filter(([k, v]) => k !== "_csrf" && typeof v === "string")
          .map(([k, v]) => [k, String(v).slice(0, 300)]),
      );
      const lang = langOf(req, s);
      const issues: FieldIssue[] = [];
      const collect = <T>(f: () => T): T | null => {
        try {
          return f();
        } catch (e) {
          const found = fieldIssuesOf(e);
          if (found.length === 0) throw e;
          issues.push(...found);
          return null;
        }
      };
      const p = collect(() => checkPerson(body, isoDateOf(Math.floor(deps.now() / 1000))));
      const d = collect(() => checkIdDocument(body["idType"], body["idLast4"]));
      const m = collect(() => checkEmail(body["email"]));
      if (issues.length > 0 || !p || !d) {
        send(res, 400, agentHome(req, s, issues, values));
        return;
      }
      const out = await service.place({
        orderId: str(body["orderId"]),
        person: p,
        language: languageOf(body["extractLanguage"], lang),
        email: m,
        by: { kind: "agent", id: agent.id, postOffice: agent.postOffice.id, idDocument: d },
      });
      if (out.kind === "outside") {
        send(res, 200, agentHome(req, s, [], {}, alert(t(lang, "outside", { postalCode: out.postalCode }))));
        return;
      }
      res.redirect(303, `/counter/orders/${out.order.id}`);
    }),
  );
}

/** Midnight in Switzerland today, in milliseconds: an agent's day. */
function startOfDay(now: number): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Zurich",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
    hourCycle: "h23",
  }).formatToParts(now);
  const n = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return now - ((n("hour") * 60 + n("minute")) * 60 + n("second")) * 1000 - (now % 1000);
}
