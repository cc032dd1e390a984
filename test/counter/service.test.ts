import { describe, expect, it } from "vitest";
import { SceauError } from "../../src/core/errors.ts";
import type { OrderPerson } from "../../src/counter/ports.ts";
import { CounterService, type PlaceRequest } from "../../src/counter/service.ts";
import { Journal } from "../../src/store/journal.ts";
import { ALICE, FakeIssuing, FakeMail, FakePayment, FakeRegister } from "../helpers/counter-fakes.ts";

const NOW = Date.parse("2026-06-01T10:00:00Z");
function setup(register = new FakeRegister([ALICE])) {
  const journal = new Journal(":memory:");
  const issuing = new FakeIssuing();
  const mail = new FakeMail();
  const payment = new FakePayment();
  const counter = new CounterService({
    offices: [{ id: "jura", name: "Office du Jura", district: ["2800", "2802"], feeCents: 1700 }],
    register,
    payment,
    mail,
    issuing,
    orders: journal.orders,
    now: () => NOW,
    log: () => undefined,
    limits: { perCitizenPerHour: 3, perAgentPerHour: 0, registerTimeoutMs: 1000, anchorWaitMs: 1000 },
  });
  return { journal, issuing, mail, payment, counter, register };
}

const alice: OrderPerson = {
  lastName: "Muster",
  firstNames: "Alice",
  dateOfBirth: "1985-04-12",
  address: ALICE.address,
};

function request(id: string, person = alice, email: string | null = null): PlaceRequest {
  return { orderId: id, person, language: "fr", email, by: { kind: "citizen", id: "iss sub-1" } };
}

let n = 0;
const orderId = (): string => {
  n += 1;
  return `A${"B".repeat(24)}${"CDEFGHIJKLMNOPQRSTUVWXYZ"[n % 24] ?? "C"}`;
};

describe("the counter's orders", () => {
  it("issues at once, with an invoice and the mail, when the register has exactly one matching person", async () => {
    const { counter, issuing, mail, payment, journal } = setup();
    const id = orderId();
    const out = await counter.place(request(id, alice, "alice@example.ch"));
    expect(out.kind).toBe("placed");
    await counter.idle();
    const order = counter.order({ kind: "citizen", id: "iss sub-1" }, id);
    expect(order.state).toBe("issued");
    expect(order.mail).toBe("sent");
    expect(issuing.extracts.size).toBe(1);
    const extract = [...issuing.extracts.values()][0]?.extract;
    expect(extract?.entries).toHaveLength(1);
    expect(extract?.reference).toBe(`counter-${id}`);
    expect(payment.requests[0]?.amountCents).toBe(1700);
    expect(mail.sent[0]?.attachments.map((a) => a.filename)).toEqual([
      `extract-${id}.pdf`,
      `invoice-${id}.pdf`,
    ]);
    expect(journal.orders.events(id).map((e) => [e.state, e.actor.kind])).toEqual([
      ["issuing", "citizen"],
      ["issued", "system"],
      ["mailed", "system"],
    ]);
    expect(
      new TextDecoder().decode(await counter.extractPdf({ kind: "citizen", id: "iss sub-1" }, id)),
    ).toContain("sealed");
  });

  it("answers an address outside every district without recording anything", async () => {
    const { counter, register, journal } = setup();
    const id = orderId();
    const out = await counter.place(
      request(id, { ...alice, address: { ...alice.address, postalCode: "8001" } }),
    );
    expect(out).toEqual({ kind: "outside", postalCode: "8001" });
    expect(register.searches).toBe(0);
    expect(journal.orders.get(id)).toBeNull();
  });

  it("records nothing and says unavailable when the register is down", async () => {
    const register = new FakeRegister([ALICE]);
    register.down = true;
    const { counter, journal, issuing } = setup(register);
    const id = orderId();
    await expect(counter.place(request(id))).rejects.toMatchObject({ code: "REGISTER_UNAVAILABLE" });
    expect(journal.orders.get(id)).toBeNull();
    expect(issuing.submissions).toBe(0);
  });

  it("sends a birth date mismatch to review; the clerk confirms and the extract is issued", async () => {
    const { counter, issuing } = setup();
    const id = orderId();
    await counter.place(request(id, { ...alice, dateOfBirth: "1985-04-13" }));
    expect(counter.order({ kind: "office", id: "jura" }, id).state).toBe("review");
    expect(counter.reviewQueue("jura").map((o) => o.id)).toEqual([id]);
    expect(issuing.submissions).toBe(0);
    await expect(counter.confirm("jura", id, "p-unknown")).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    await counter.confirm("jura", id, "p-1");
    await counter.idle();
    expect(counter.order({ kind: "citizen", id: "iss sub-1" }, id).state).toBe("issued");
    await expect(counter.confirm("jura", id, "p-1")).rejects.toMatchObject({ code: "CONFLICT" });
    expect(counter.history("jura", id).map((e) => e.actor.kind)).toEqual(["citizen", "office", "system"]);
  });

  it("lets a clerk refuse with a reason the citizen reads; a refused order is never issued", async () => {
    const { counter, issuing } = setup();
    const id = orderId();
    await counter.place(request(id, { ...alice, address: { ...alice.address, street: "Route de Bâle" } }));
    expect(() => counter.refuse("jura", id, "")).toThrow(SceauError);
    counter.refuse("jura", id, "Please come to the office with your identity card.");
    const seen = counter.order({ kind: "citizen", id: "iss sub-1" }, id);
    expect(seen.state).toBe("refused");
    expect(seen.refusal).toContain("identity card");
    await expect(counter.confirm("jura", id, "p-1")).rejects.toMatchObject({ code: "CONFLICT" });
    expect(issuing.submissions).toBe(0);
  });

  it("shows an order only to its citizen, its agent or its office", async () => {
    const { counter } = setup();
    const id = orderId();
    await counter.place(request(id));
    await counter.idle();
    for (const viewer of [
      { kind: "citizen", id: "iss other" },
      { kind: "agent", id: "iss sub-1" },
      { kind: "office", id: "other" },
    ] as const) {
      expect(() => counter.order(viewer, id)).toThrow(
        expect.objectContaining({ code: "NOT_FOUND" }) as Error,
      );
    }
    expect(() => counter.order({ kind: "citizen", id: "iss sub-1" }, "../../etc")).toThrow(SceauError);
  });

  it("finds the first order when the same form is sent twice, and issues one extract", async () => {
    const { counter, issuing } = setup();
    const id = orderId();
    await counter.place(request(id));
    await counter.place(request(id));
    await counter.idle();
    expect(issuing.extracts.size).toBe(1);
    await expect(
      counter.place({ ...request(id), by: { kind: "citizen", id: "iss intruder" } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("takes up an order interrupted after the issuer stored it, without a second extract", async () => {
    const { counter, issuing, journal } = setup();
    issuing.crashNext = true;
    const id = orderId();
    await counter.place(request(id));
    await counter.idle();
    expect(journal.orders.get(id)?.state).toBe("issuing");
    counter.resume();
    await counter.idle();
    expect(journal.orders.get(id)?.state).toBe("issued");
    expect(issuing.submissions).toBe(2);
    expect(issuing.extracts.size).toBe(1);
  });

  it("limits the orders per citizen per hour", async () => {
    const { counter } = setup();
    for (let i = 0; i < 3; i++) await counter.place(request(orderId()));
    await expect(counter.place(request(orderId()))).rejects.toMatchObject({ code: "RATE_LIMITED" });
    await counter.idle();
  });

  it("records the agent, their post office and the identity document of a counter order", async () => {
    const { counter, journal } = setup();
    const id = orderId();
    await counter.place({
      ...request(id),
      by: {
        kind: "agent",
        id: "agent-7",
        postOffice: "delemont-1",
        idDocument: { type: "identity-card", last4: "12AB" },
      },
    });
    await counter.idle();
    const order = counter.agentOrders("agent-7", NOW - 1000)[0];
    expect(order?.channel).toBe("agent");
    expect(order?.agent).toEqual({ id: "agent-7", postOffice: "delemont-1" });
    expect(order?.idDocument).toEqual({ type: "identity-card", last4: "12AB" });
    expect(journal.orders.events(id)[0]?.actor).toEqual({ kind: "agent", id: "agent-7" });
  });
});
