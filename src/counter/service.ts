/**
 * The online counter's use case: a citizen (signed in with the canton's login) or a post office
 * agent (on the citizen's behalf) orders a sealed extract of the office of the citizen's
 * domicile. The address picks the office by its district; the register decides: one candidate
 * agreeing on name, birth date and address (or nobody at all: no entries) and the extract is
 * issued at once, through the issuer's façade like the office's own; anything else waits in the
 * office's review queue. Every order and state change is in the journal with who made it.
 *
 * Nothing half-done: an order is recorded only once the register has answered, and the extract
 * is submitted with the order's reference, so a retry (or a restart halfway) returns the same
 * extract and never issues a second one.
 * @module
 */
import { isoDateOf } from "../core/dates.ts";
import { SceauError } from "../core/errors.ts";
import type { Language } from "../core/extract.ts";
import type { Logger } from "../core/log.ts";
import { mailExtract } from "./mail.ts";
import { buildExtract } from "./person.ts";
import type {
  CounterIssuingPort,
  IdDocumentType,
  MailPort,
  Order,
  OrderActor,
  OrderJournalPort,
  OrderPerson,
  PaymentPort,
  RegisterCandidate,
  RegisterPort,
  RegisterRecord,
} from "./ports.ts";

/** An office as the counter knows it. */
export interface CounterOffice {
  readonly id: string;
  readonly name: string;
  /** The postal codes of its district. */
  readonly district: readonly string[];
  /** In centimes. */
  readonly feeCents: number;
}

export interface CounterDeps {
  readonly offices: readonly CounterOffice[];
  readonly register: RegisterPort;
  readonly payment: PaymentPort;
  /** null: no mail relay; extracts are only downloaded. */
  readonly mail: MailPort | null;
  readonly issuing: CounterIssuingPort;
  readonly orders: OrderJournalPort;
  readonly now: () => number;
  readonly log: Logger;
  readonly limits: {
    /** Orders per citizen per hour (0: no limit). */
    readonly perCitizenPerHour: number;
    /** Orders per agent per hour (0: no limit). */
    readonly perAgentPerHour: number;
    readonly registerTimeoutMs: number;
    /** How long a download waits for the extract's anchoring. */
    readonly anchorWaitMs: number;
  };
}

/** Who asks to see an order. */
export type Viewer =
  | { readonly kind: "citizen"; readonly id: string }
  | { readonly kind: "agent"; readonly id: string }
  | { readonly kind: "office"; readonly id: string };

export interface PlaceRequest {
  /** Chosen when the form was shown: a second submission of the same form finds the first order. */
  readonly orderId: string;
  readonly person: OrderPerson;
  readonly language: Language;
  readonly email: string | null;
  /** The signed-in citizen (online), or the agent. */
  readonly by:
    | { readonly kind: "citizen"; readonly id: string }
    | {
        readonly kind: "agent";
        readonly id: string;
        readonly postOffice: string;
        readonly idDocument: { readonly type: IdDocumentType; readonly last4: string };
      };
}

export type PlaceOutcome =
  | { readonly kind: "placed"; readonly order: Order }
  /** No configured office's district holds the postal code: order from the domicile's office. */
  | { readonly kind: "outside"; readonly postalCode: string };

const HOUR_MS = 3_600_000;
const ORDER_ID = /^[A-Z2-7]{26}$/;

export class CounterService {
  private readonly deps: CounterDeps;
  private readonly byPostalCode = new Map<string, CounterOffice>();
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly finishing = new Map<string, Promise<void>>();

  constructor(deps: CounterDeps) {
    this.deps = deps;
    for (const office of deps.offices) {
      for (const code of office.district) {
        if (this.byPostalCode.has(code)) {
          throw new SceauError("CONFIG_INVALID", `Postal code ${code} is in the district of two offices.`);
        }
        this.byPostalCode.set(code, office);
      }
    }
  }

  /** The offices with a counter. */
  offices(): readonly CounterOffice[] {
    return this.deps.offices;
  }

  /** The office whose district holds `postalCode`, or null. */
  officeFor(postalCode: string): CounterOffice | null {
    return this.byPostalCode.get(postalCode.trim()) ?? null;
  }

  /** The lowest and highest fee, for the first screen. */
  feeRange(): { min: number; max: number } {
    const fees = this.deps.offices.map((o) => o.feeCents);
    return fees.length === 0 ? { min: 1700, max: 1700 } : { min: Math.min(...fees), max: Math.max(...fees) };
  }

  /**
   * Places an order: finds the office, asks the register, records the order and starts issuing
   * when the register's answer is unambiguous.
   * @throws {SceauError} `REGISTER_UNAVAILABLE` (nothing recorded), `RATE_LIMITED`, `CONFLICT`
   * (the order id is someone else's)
   */
  async place(request: PlaceRequest): Promise<PlaceOutcome> {
    if (!ORDER_ID.test(request.orderId)) throw new SceauError("BAD_REQUEST", "Malformed order id.");
    const existing = this.deps.orders.get(request.orderId);
    if (existing) {
      if (!this.mayView(viewerOf(request.by), existing)) {
        throw new SceauError("CONFLICT", "This order id is taken.");
      }
      return { kind: "placed", order: existing };
    }
    const office = this.officeFor(request.person.address.postalCode);
    if (!office) return { kind: "outside", postalCode: request.person.address.postalCode };
    this.countAgainstLimit(request.by);

    const p = request.person;
    const candidates = await this.registerCall((signal) =>
      this.deps.register.search(
        {
          office: office.id,
          lastName: p.lastName,
          firstNames: p.firstNames,
          dateOfBirth: p.dateOfBirth,
          address: p.address,
        },
        signal,
      ),
    );
    const automatic = isUnambiguous(candidates);
    let record: RegisterRecord | null = null;
    if (automatic && candidates[0]) {
      const personId = candidates[0].personId;
      record = await this.registerCall((signal) => this.deps.register.record(office.id, personId, signal));
    }
    const now = this.deps.now();
    const order: Order = {
      id: request.orderId,
      office: office.id,
      channel: request.by.kind === "citizen" ? "online" : "agent",
      citizen: request.by.kind === "citizen" ? request.by.id : null,
      agent: request.by.kind === "agent" ? { id: request.by.id, postOffice: request.by.postOffice } : null,
      idDocument: request.by.kind === "agent" ? request.by.idDocument : null,
      person: p,
      language: request.language,
      email: request.email,
      state: automatic ? "issuing" : "review",
      candidates: automatic ? [] : candidates,
      extract: automatic
        ? buildExtract({
            orderId: request.orderId,
            office: office.id,
            language: request.language,
            person: p,
            record,
            today: isoDateOf(Math.floor(now / 1000)),
          })
        : null,
      extractId: null,
      refusal: null,
      feeCents: office.feeCents,
      invoiceReference: null,
      mail: request.email === null ? "none" : "pending",
      createdAt: now,
      updatedAt: now,
    };
    if (!this.deps.orders.insert(order, actorOf(request.by))) {
      // The same form submitted twice at once: the other request recorded it.
      const first = this.deps.orders.get(order.id);
      if (!first || !this.mayView(viewerOf(request.by), first)) {
        throw new SceauError("CONFLICT", "This order id is taken.");
      }
      return { kind: "placed", order: first };
    }
    this.deps.log("info", "Counter order placed.", {
      order: order.id,
      office: office.id,
      state: order.state,
    });
    if (automatic) this.finishInBackground(order.id);
    return { kind: "placed", order };
  }

  /** Takes up what a restart interrupted: orders being issued, mails not yet sent. */
  resume(): void {
    for (const o of this.deps.orders.inState("issuing", null, 1000)) this.finishInBackground(o.id);
    for (const o of this.deps.orders.mailPending(1000)) {
      if (o.state === "issued") this.finishInBackground(o.id);
    }
  }

  /** Resolves once nothing is being issued or mailed (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.finishing.size > 0) await Promise.allSettled([...this.finishing.values()]);
  }

  /** An order, to someone allowed to see it. @throws {SceauError} `NOT_FOUND` otherwise */
  order(viewer: Viewer, id: string): Order {
    const order = ORDER_ID.test(id) ? this.deps.orders.get(id) : null;
    // Someone else's order is "not found": an order id says nothing about whether it exists.
    if (!order || !this.mayView(viewer, order)) throw new SceauError("NOT_FOUND", "No such order.");
    return order;
  }

  /**
   * The order once its issuing is over (or as it stands after `timeoutMs`): the order page waits
   * a little, so an extract issued at once is offered at once.
   */
  async settled(viewer: Viewer, id: string, timeoutMs: number): Promise<Order> {
    const order = this.order(viewer, id);
    const running = this.finishing.get(order.id);
    if (order.state === "issuing" && running) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        running,
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    }
    return this.order(viewer, id);
  }

  /** The order's state changes, oldest first (the office's view). */
  history(office: string, id: string): ReturnType<OrderJournalPort["events"]> {
    this.order({ kind: "office", id: office }, id);
    return this.deps.orders.events(id);
  }

  /**
   * The sealed PDF, waiting a while for its anchoring.
   * @throws {SceauError} `CONFLICT` while it is not issued or not anchored yet
   */
  async extractPdf(viewer: Viewer, id: string): Promise<Uint8Array> {
    const order = this.order(viewer, id);
    if (order.state !== "issued" || order.extractId === null) {
      throw new SceauError("CONFLICT", "The extract of this order is not issued yet.");
    }
    if (
      !(await this.deps.issuing.waitAnchored(order.office, order.extractId, this.deps.limits.anchorWaitMs))
    ) {
      throw new SceauError("CONFLICT", "The extract is being sealed; try again in a moment.");
    }
    return this.deps.issuing.pdf(order.office, order.extractId);
  }

  /** The invoice with its QR-bill. @throws {SceauError} `CONFLICT` before the order is issued */
  invoicePdf(viewer: Viewer, id: string): Uint8Array {
    const order = this.order(viewer, id);
    const pdf = order.state === "issued" ? this.deps.orders.invoicePdf(order.id) : null;
    if (!pdf) throw new SceauError("CONFLICT", "The invoice of this order is not ready yet.");
    return pdf;
  }

  /** The orders an agent placed since the start of their day (`since`, milliseconds). */
  agentOrders(agent: string, since: number): Order[] {
    return this.deps.orders.byAgent(agent, since);
  }

  /** The office's review queue, oldest first. */
  reviewQueue(office: string): Order[] {
    return this.deps.orders.inState("review", office, 200);
  }

  /** The office's latest orders, with the counter they came through. */
  officeOrders(office: string, limit = 100): Order[] {
    return this.deps.orders.byOffice(office, limit);
  }

  /**
   * A clerk confirms the person of an order in review: one of its candidates, or (null) none of
   * them, the register holding nothing of this person. The extract is then issued.
   * @throws {SceauError} `NOT_FOUND`, `CONFLICT` (not in review), `VALIDATION_FAILED` (not a
   * candidate), `REGISTER_UNAVAILABLE` (the order stays in review)
   */
  async confirm(office: string, id: string, personId: string | null): Promise<Order> {
    const order = this.order({ kind: "office", id: office }, id);
    if (order.state !== "review")
      throw new SceauError("CONFLICT", `The order is ${order.state}, not in review.`);
    let record: RegisterRecord | null = null;
    if (personId !== null) {
      if (!order.candidates.some((c) => c.personId === personId)) {
        throw new SceauError("VALIDATION_FAILED", "The person is not one of the order's candidates.");
      }
      record = await this.registerCall((signal) => this.deps.register.record(office, personId, signal));
    }
    const now = this.deps.now();
    const extract = buildExtract({
      orderId: order.id,
      office,
      language: order.language,
      person: order.person,
      record,
      today: isoDateOf(Math.floor(now / 1000)),
    });
    const moved = this.deps.orders.change(
      id,
      "review",
      { state: "issuing", extract },
      {
        state: "issuing",
        actor: { kind: "office", id: office },
        detail: personId === null ? "none" : "candidate",
      },
      now,
    );
    if (!moved) throw new SceauError("CONFLICT", "The order was decided meanwhile.");
    this.finishInBackground(id);
    return this.order({ kind: "office", id: office }, id);
  }

  /** A clerk refuses an order in review, with the reason the citizen reads. */
  refuse(office: string, id: string, reason: string): Order {
    const order = this.order({ kind: "office", id: office }, id);
    const text = reason.normalize("NFC").trim();
    if (text.length < 3 || text.length > 500) {
      throw new SceauError("VALIDATION_FAILED", "A reason of 3 to 500 characters is required.");
    }
    if (order.state !== "review")
      throw new SceauError("CONFLICT", `The order is ${order.state}, not in review.`);
    const moved = this.deps.orders.change(
      id,
      "review",
      { state: "refused", refusal: text },
      { state: "refused", actor: { kind: "office", id: office }, detail: null },
      this.deps.now(),
    );
    if (!moved) throw new SceauError("CONFLICT", "The order was decided meanwhile.");
    return this.order({ kind: "office", id: office }, id);
  }

  // ---- internals ----

  private mayView(viewer: Viewer, order: Order): boolean {
    switch (viewer.kind) {
      case "citizen":
        return order.citizen === viewer.id;
      case "agent":
        return order.agent?.id === viewer.id;
      case "office":
        return order.office === viewer.id;
    }
  }

  private countAgainstLimit(by: PlaceRequest["by"]): void {
    const max = by.kind === "citizen" ? this.deps.limits.perCitizenPerHour : this.deps.limits.perAgentPerHour;
    if (max === 0) return;
    const key = `${by.kind} ${by.id}`;
    const now = this.deps.now();
    const w = this.windows.get(key);
    if (!w || now - w.start >= HOUR_MS) {
      if (this.windows.size > 100_000) this.windows.clear();
      this.windows.set(key, { start: now, count: 1 });
      return;
    }
    if (w.count >= max) {
      throw new SceauError("RATE_LIMITED", "Too many orders in the last hour.", {
        details: { retryAfterSeconds: Math.ceil((w.start + HOUR_MS - now) / 1000) },
      });
    }
    w.count += 1;
  }

  /** A register call within its time limit; any failure is `REGISTER_UNAVAILABLE`. */
  private async registerCall<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await call(AbortSignal.timeout(this.deps.limits.registerTimeoutMs));
    } catch (e) {
      if (e instanceof SceauError && e.code === "REGISTER_UNAVAILABLE") throw e;
      throw new SceauError("REGISTER_UNAVAILABLE", "The register did not answer.", { cause: e });
    }
  }

  private finishInBackground(id: string): void {
    if (this.finishing.has(id)) return;
    const run = this.finish(id)
      .catch((e: unknown) => {
        this.deps.log("warn", "Counter order not finished; it is taken up again at the next start.", {
          order: id,
          code: e instanceof SceauError ? e.code : "INTERNAL",
        });
      })
      .finally(() => {
        this.finishing.delete(id);
      });
    this.finishing.set(id, run);
  }

  /** Issuing (idempotent on the order's reference), the invoice, then the mail. */
  private async finish(id: string): Promise<void> {
    let order = this.deps.orders.get(id);
    if (!order) return;
    if (order.state === "issuing" && order.extract) {
      const { id: extractId } = await this.deps.issuing.submit(order.office, order.extract);
      if (this.deps.orders.invoicePdf(id) === null) {
        const invoice = await this.deps.payment.invoice({
          orderId: order.id,
          office: order.office,
          amountCents: order.feeCents,
          language: order.language,
          debtor: {
            name: `${order.person.firstNames} ${order.person.lastName}`,
            address: order.person.address,
          },
        });
        this.deps.orders.saveInvoice(id, invoice.reference, invoice.pdf);
      }
      this.deps.orders.change(
        id,
        "issuing",
        { state: "issued", extractId },
        { state: "issued", actor: { kind: "system", id: "counter" }, detail: null },
        this.deps.now(),
      );
      order = this.deps.orders.get(id);
    }
    if (order?.state === "issued" && order.mail === "pending") await mailExtract(this.deps, order);
  }
}

/** One candidate agreeing in everything, or nobody at all (the register holds nothing of them). */
function isUnambiguous(candidates: readonly RegisterCandidate[]): boolean {
  if (candidates.length === 0) return true;
  const [only] = candidates;
  return (
    candidates.length === 1 &&
    only !== undefined &&
    only.matches.name &&
    only.matches.dateOfBirth &&
    only.matches.address
  );
}

function viewerOf(by: PlaceRequest["by"]): Viewer {
  return { kind: by.kind, id: by.id };
}

function actorOf(by: PlaceRequest["by"]): OrderActor {
  return { kind: by.kind, id: by.id };
}
