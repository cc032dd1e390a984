/**
 * The office's side of the online counter, under `/api/v1/counter`: its orders (which counter
 * each came through), the review queue with the register's candidates, and a clerk's decision
 * (confirm the person, or refuse with a reason). Behind the office token like every office route.
 * @module
 */
import express, { type Router } from "express";
import { SceauError } from "../../core/errors.ts";
import type { Order } from "../../counter/ports.ts";
import type { CounterService } from "../../counter/service.ts";
import { officeOf } from "../auth.ts";
import { JSON_BODY_LIMITS, jsonBody, type RouteDeps } from "../deps.ts";
import { param } from "../params.ts";

/** An order as the office sees it. */
function officeView(o: Order): Record<string, unknown> {
  return {
    id: o.id,
    state: o.state,
    channel: o.channel,
    postOffice: o.agent?.postOffice ?? null,
    agent: o.agent?.id ?? null,
    idDocumentType: o.idDocument?.type ?? null,
    person: o.person,
    language: o.language,
    candidates: o.state === "review" ? o.candidates : [],
    extractId: o.extractId,
    refusal: o.refusal,
    feeCents: o.feeCents,
    invoiceReference: o.invoiceReference,
    mail: o.mail,
    createdAt: new Date(o.createdAt).toISOString(),
    updatedAt: new Date(o.updatedAt).toISOString(),
  };
}

export function counterOfficeRouter(
  counter: CounterService,
  deps: Pick<RouteDeps, "limit" | "requireOffice">,
): Router {
  const router = express.Router();
  const { requireOffice, limit } = deps;

  router.get("/api/v1/counter/orders", requireOffice, (req, res) => {
    const office = officeOf(res);
    const state = req.query["state"];
    if (state !== undefined && state !== "review") {
      throw new SceauError("BAD_REQUEST", "state must be review or absent.");
    }
    const items = state === "review" ? counter.reviewQueue(office.id) : counter.officeOrders(office.id);
    res.json({ items: items.map(officeView) });
  });

  router.get("/api/v1/counter/orders/:id", requireOffice, (req, res) => {
    const office = officeOf(res);
    const id = param(req, "id");
    const order = counter.order({ kind: "office", id: office.id }, id);
    res.json({
      ...officeView(order),
      events: counter.history(office.id, id).map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    });
  });

  router.post(
    "/api/v1/counter/orders/:id/confirm",
    requireOffice,
    limit.issue,
    jsonBody(JSON_BODY_LIMITS.counter),
    async (req, res) => {
      const office = officeOf(res);
      const personId = (req.body as { personId?: unknown } | undefined)?.personId;
      if (
        personId !== null &&
        (typeof personId !== "string" || personId.length === 0 || personId.length > 200)
      ) {
        throw new SceauError(
          "VALIDATION_FAILED",
          "personId must be a candidate's id, or null for none of them.",
        );
      }
      const order = await counter.confirm(office.id, param(req, "id"), personId);
      res.json(officeView(order));
    },
  );

  router.post(
    "/api/v1/counter/orders/:id/refuse",
    requireOffice,
    limit.issue,
    jsonBody(JSON_BODY_LIMITS.counter),
    (req, res) => {
      const office = officeOf(res);
      const reason = (req.body as { reason?: unknown } | undefined)?.reason;
      if (typeof reason !== "string") throw new SceauError("VALIDATION_FAILED", "reason must be text.");
      res.json(officeView(counter.refuse(office.id, param(req, "id"), reason)));
    },
  );
  return router;
}
