/**
 * The counter's pages under `/counter`: the first screen, the canton's login (redirect and
 * callback), the order form, the order page with the downloads, and agent mode. Thin: the
 * use case (`src/counter/service.ts`) decides; these parse forms, keep the session and render.
 * @module
 */
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { SceauError } from "../../core/errors.ts";
import { LANGUAGES, type Language } from "../../core/extract.ts";
import type { Logger } from "../../core/log.ts";
import { checkEmail, fieldIssuesOf, type FieldIssue } from "../../counter/person.ts";
import type { CitizenIdentity, IdentityPort, OrderPerson } from "../../counter/ports.ts";
import type { CounterService, Viewer } from "../../counter/service.ts";
import { negotiateLanguage } from "../language.ts";
import type { AgentAuth } from "./agents.ts";
import {
  alert,
  chf,
  csrfField,
  field,
  languageSelect,
  orderBody,
  page,
  personBlock,
  t,
  type Layout,
} from "./pages.ts";
import { agentRoutes } from "./agent-routes.ts";
import { languageOf, newOrderId, plain as say, str } from "./kit.ts";
import { checkCsrf, type Session, type SessionStore } from "./session.ts";

export interface CounterHttpDeps {
  readonly service: CounterService;
  readonly identity: IdentityPort;
  readonly agents: AgentAuth;
  readonly sessions: SessionStore;
  /** This service's public base URL: the login's callback and the verification page. */
  readonly publicUrl: string;
  readonly now: () => number;
  readonly log: Logger;
}

const PAGE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

const ORDER_PATH = "/counter/orders/:id";
/** How long the order page waits for an order being issued. */
const ISSUE_WAIT_MS = 15_000;

export function counterRouter(deps: CounterHttpDeps, css: string | null): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: 16 * 1024, parameterLimit: 50 });
  const { sessions, service } = deps;

  router.use("/counter", (_req, res, next) => {
    res.setHeader("Content-Security-Policy", PAGE_CSP);
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Referrer-Policy", "no-referrer");
    next();
  });

  const langOf = (req: Request, s: Session | null): Language => {
    const q = req.query["lang"];
    if (typeof q === "string" && (LANGUAGES as readonly string[]).includes(q)) {
      if (s) s.language = q as Language;
      return q as Language;
    }
    return s?.language ?? negotiateLanguage(undefined, req.get("accept-language"));
  };
  const layout = (req: Request, s: Session | null, lang: Language, title: string): Layout => ({
    lang,
    title,
    css,
    path: req.path === "/" ? req.baseUrl : `${req.baseUrl}${req.path}`,
    csrf: s?.csrf ?? null,
    signedIn: s?.citizen != null || s?.agent != null,
  });
  const send = (res: Response, status: number, html: string): void => {
    res.status(status).type("html").send(html);
  };
  /** A page saying what went wrong, in the page's language; never a stack or a code alone. */
  const fail = (req: Request, res: Response, s: Session | null, e: unknown): void => {
    const lang = langOf(req, s);
    const code = e instanceof SceauError ? e.code : "INTERNAL";
    const [status, key] =
      code === "REGISTER_UNAVAILABLE"
        ? [503, "unavailable" as const]
        : code === "RATE_LIMITED"
          ? [429, "rateLimited" as const]
          : code === "FORBIDDEN" || code === "UNAUTHENTICATED"
            ? [403, "expired" as const]
            : code === "NOT_FOUND"
              ? [404, "notFound" as const]
              : code === "IDENTITY_REJECTED"
                ? [401, "signInFailed" as const]
                : code === "IDENTITY_UNAVAILABLE"
                  ? [503, "loginUnavailable" as const]
                  : [code === "CONFLICT" ? 409 : 500, "failed" as const];
    if (status >= 500 && code !== "REGISTER_UNAVAILABLE" && code !== "IDENTITY_UNAVAILABLE") {
      deps.log("error", "Counter request failed.", {
        code,
        route: req.route ? String((req.route as { path: unknown }).path) : "?",
      });
    }
    if (status === 503 || status === 429) res.setHeader("Retry-After", "60");
    send(
      res,
      status,
      page(
        layout(req, s, lang, say(lang, "heading")),
        `<h1>${t(lang, "heading")}</h1>${alert(t(lang, key))}<p><a href="${s?.agent ? "/counter/agent" : "/counter"}">${t(lang, "back")}</a></p>`,
      ),
    );
  };
  /** Runs an async page handler, rendering its failure. */
  const handle =
    (f: (req: Request, res: Response, s: Session | null) => Promise<void> | void) =>
    (req: Request, res: Response, _next: NextFunction): void => {
      const s = sessions.find(req);
      Promise.resolve()
        .then(() => f(req, res, s))
        .catch((e: unknown) => {
          fail(req, res, s, e);
        });
    };

  // ---- first screen and the canton's login ----

  router.get(
    "/counter",
    handle((req, res, s0) => {
      const s = s0 ?? sessions.create(res, null);
      const lang = langOf(req, s);
      if (s.citizen) {
        res.redirect(303, "/counter/order");
        return;
      }
      const { min, max } = service.feeRange();
      send(
        res,
        200,
        page(
          layout(req, s, lang, say(lang, "heading")),
          `<h1>${t(lang, "heading")}</h1>
<p class="lead">${t(lang, "intro", { fee: chf(min), range: min === max ? "no" : "yes" })}</p>
<p><a class="button" href="/counter/sign-in">${t(lang, "signIn")}</a></p>
<p class="aside"><a href="/counter/agent">${t(lang, "agentLink")}</a></p>`,
        ),
      );
    }),
  );

  router.get(
    "/counter/sign-in",
    handle(async (req, res, s0) => {
      const s = sessions.create(res, s0);
      langOf(req, s);
      const { url, pending } = await deps.identity.begin();
      s.pending = pending;
      res.redirect(303, url);
    }),
  );

  router.get(
    "/counter/callback",
    handle(async (req, res, s) => {
      if (!s?.pending) throw new SceauError("UNAUTHENTICATED", "No sign-in in progress.");
      const pending = s.pending;
      s.pending = null;
      const callback = new URL(req.originalUrl, deps.publicUrl);
      const citizen = await deps.identity.complete(callback, pending);
      const signed = sessions.create(res, s);
      signed.citizen = citizen;
      res.redirect(303, "/counter/order");
    }),
  );

  router.post(
    "/counter/sign-out",
    form,
    handle((req, res, s) => {
      checkCsrf(s, req.body);
      const agent = s.agent !== null;
      sessions.destroy(res, s);
      res.redirect(303, agent ? "/counter/agent" : "/counter");
    }),
  );

  // ---- the citizen's order ----

  const citizenOrderForm = (
    req: Request,
    s: Session,
    citizen: CitizenIdentity,
    issues: readonly FieldIssue[],
    email: string,
  ): string => {
    const lang = langOf(req, s);
    const person = personOf(citizen);
    const office = service.officeFor(person.address.postalCode);
    const l = layout(req, s, lang, say(lang, "heading"));
    if (!office) {
      return page(
        l,
        `<h1>${t(lang, "heading")}</h1><h2>${t(lang, "forPerson")}</h2>${personBlock(lang, person)}${alert(
          t(lang, "outside", { postalCode: person.address.postalCode }),
        )}`,
      );
    }
    return page(
      l,
      `<h1>${t(lang, "heading")}</h1>
${issues.length > 0 ? alert(t(lang, "fixFields")) : ""}
<h2>${t(lang, "forPerson")}</h2>${personBlock(lang, person)}
<p>${t(lang, "office", { office: office.name })}</p>
<form method="post" action="/counter/orders" novalidate>
${csrfField(s.csrf)}<input type="hidden" name="orderId" value="${newOrderId()}">
${languageSelect(lang, "extractLanguage", lang)}
${field(lang, "email", email, issues, { type: "email", autocomplete: "email", required: false, maxlength: 254 })}
<p class="note">${t(lang, "feeNote")}</p>
<button type="submit">${t(lang, "place", { fee: chf(office.feeCents) })}</button>
</form>`,
    );
  };

  router.get(
    "/counter/order",
    handle((req, res, s) => {
      if (!s?.citizen) {
        res.redirect(303, "/counter");
        return;
      }
      send(res, 200, citizenOrderForm(req, s, s.citizen, [], s.citizen.email ?? ""));
    }),
  );

  router.post(
    "/counter/orders",
    form,
    handle(async (req, res, s) => {
      checkCsrf(s, req.body);
      const citizen = s.citizen;
      if (!citizen) throw new SceauError("UNAUTHENTICATED", "Not signed in.");
      const body = req.body as Record<string, unknown>;
      let email: string | null;
      try {
        email = checkEmail(body["email"]);
      } catch (e) {
        send(res, 400, citizenOrderForm(req, s, citizen, fieldIssuesOf(e), str(body["email"])));
        return;
      }
      const person = personOf(citizen);
      const out = await service.place({
        orderId: str(body["orderId"]),
        person,
        language: languageOf(body["extractLanguage"], langOf(req, s)),
        email,
        by: { kind: "citizen", id: citizenId(citizen) },
      });
      if (out.kind === "outside") {
        send(res, 200, citizenOrderForm(req, s, citizen, [], ""));
        return;
      }
      res.redirect(303, `/counter/orders/${out.order.id}`);
    }),
  );

  // ---- the order page and its files ----

  const viewerOf = (s: Session | null): Viewer => {
    if (s?.citizen) return { kind: "citizen", id: citizenId(s.citizen) };
    if (s?.agent) return { kind: "agent", id: s.agent.id };
    throw new SceauError("UNAUTHENTICATED", "Not signed in.");
  };

  router.get(
    ORDER_PATH,
    handle(async (req, res, s) => {
      // An order issued at once is shown issued: the page waits the few seconds that takes.
      const order = await service.settled(viewerOf(s), String(req.params["id"]), ISSUE_WAIT_MS);
      const lang = langOf(req, s);
      const l = layout(req, s, lang, say(lang, "orderTitle", { id: order.id }));
      const agent = s?.agent != null;
      const back = agent ? `<p><a href="/counter/agent">${t(lang, "back")}</a></p>` : "";
      send(res, 200, page(l, orderBody(lang, order, { agent, verifyUrl: deps.publicUrl }) + back));
    }),
  );

  const pdf = (res: Response, name: string, body: Uint8Array, inline: boolean): void => {
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Disposition", `${inline ? "inline" : "attachment"}; filename="${name}"`);
    res.setHeader("Content-Length", String(body.length));
    res.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  };

  router.get(
    `${ORDER_PATH}/extract.pdf`,
    handle(async (req, res, s) => {
      const id = String(req.params["id"]);
      const body = await service.extractPdf(viewerOf(s), id);
      pdf(res, `extract-${id}.pdf`, body, req.query["print"] === "1");
    }),
  );

  router.get(
    `${ORDER_PATH}/invoice.pdf`,
    handle((req, res, s) => {
      const id = String(req.params["id"]);
      pdf(res, `invoice-${id}.pdf`, service.invoicePdf(viewerOf(s), id), req.query["print"] === "1");
    }),
  );

  agentRoutes(router, { langOf, layout, send, handle, form }, deps);

  return router;
}

function citizenId(c: CitizenIdentity): string {
  return `${c.issuer} ${c.subject}`;
}

function personOf(c: CitizenIdentity): OrderPerson {
  return { lastName: c.lastName, firstNames: c.firstNames, dateOfBirth: c.dateOfBirth, address: c.address };
}
