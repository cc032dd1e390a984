/**
 * The online counter's orders and their state changes, in the issuer's journal (schema 5): one
 * row per order (its fields as JSON, the ones queries need as columns besides) and one row per
 * state change with who made it. Every write is one transaction.
 * @module
 */
import type {
  MailState,
  Order,
  OrderActor,
  OrderChange,
  OrderEvent,
  OrderJournalPort,
  OrderState,
} from "../counter/ports.ts";
import type { Sql } from "./sql.ts";

interface RawOrder {
  readonly data: string;
  readonly state: OrderState;
  readonly mail: MailState;
  readonly invoice_reference: string | null;
  readonly updated_at: number;
}

interface RawEvent {
  readonly at: number;
  readonly state: OrderEvent["state"];
  readonly actor_kind: OrderActor["kind"];
  readonly actor_id: string;
  readonly detail: string | null;
}

function toOrder(r: RawOrder): Order {
  const data = JSON.parse(r.data) as Order;
  return {
    ...data,
    state: r.state,
    mail: r.mail,
    invoiceReference: r.invoice_reference,
    updatedAt: r.updated_at,
  };
}

export class OrderStore implements OrderJournalPort {
  private readonly sql: Sql;

  constructor(sql: Sql) {
    this.sql = sql;
  }

  insert(order: Order, actor: OrderActor): boolean {
    return this.sql.write("Storing an order", () =>
      this.sql.transaction(() => {
        const info = this.sql
          .stmt(
            `INSERT OR IGNORE INTO counter_orders
               (id, office, channel, agent, state, mail, data, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            order.id,
            order.office,
            order.channel,
            order.agent?.id ?? null,
            order.state,
            order.mail,
            JSON.stringify(order),
            order.createdAt,
            order.updatedAt,
          );
        if (info.changes === 0) return false;
        this.event(order.id, { state: order.state, actor, detail: order.channel }, order.createdAt);
        return true;
      }),
    );
  }

  get(id: string): Order | null {
    const r = this.sql.stmt("SELECT * FROM counter_orders WHERE id = ?").get(id) as RawOrder | undefined;
    return r ? toOrder(r) : null;
  }

  change(
    id: string,
    from: OrderState | null,
    change: OrderChange,
    event: Omit<OrderEvent, "at">,
    at: number,
  ): boolean {
    return this.sql.write("Changing an order", () =>
      this.sql.transaction(() => {
        const current = this.get(id);
        if (!current || (from !== null && current.state !== from)) return false;
        const next: Order = { ...current, ...change, updatedAt: at };
        this.sql
          .stmt("UPDATE counter_orders SET state = ?, mail = ?, data = ?, updated_at = ? WHERE id = ?")
          .run(next.state, next.mail, JSON.stringify(next), at, id);
        this.event(id, event, at);
        return true;
      }),
    );
  }

  saveInvoice(id: string, reference: string, pdf: Uint8Array): void {
    this.sql.write("Storing an invoice", () =>
      this.sql
        .stmt("UPDATE counter_orders SET invoice_reference = ?, invoice_pdf = ? WHERE id = ?")
        .run(reference, Buffer.from(pdf), id),
    );
  }

  invoicePdf(id: string): Uint8Array | null {
    const r = this.sql.stmt("SELECT invoice_pdf FROM counter_orders WHERE id = ?").get(id) as
      | { invoice_pdf: Buffer | null }
      | undefined;
    return r?.invoice_pdf ? new Uint8Array(r.invoice_pdf) : null;
  }

  inState(state: OrderState, office: string | null, limit: number): Order[] {
    const rows = (
      office === null
        ? this.sql
            .stmt("SELECT * FROM counter_orders WHERE state = ? ORDER BY created_at LIMIT ?")
            .all(state, limit)
        : this.sql
            .stmt("SELECT * FROM counter_orders WHERE state = ? AND office = ? ORDER BY created_at LIMIT ?")
            .all(state, office, limit)
    ) as RawOrder[];
    return rows.map(toOrder);
  }

  mailPending(limit: number): Order[] {
    const rows = this.sql
      .stmt("SELECT * FROM counter_orders WHERE mail = 'pending' ORDER BY created_at LIMIT ?")
      .all(limit) as RawOrder[];
    return rows.map(toOrder);
  }

  byAgent(agent: string, since: number): Order[] {
    const rows = this.sql
      .stmt(
        "SELECT * FROM counter_orders WHERE agent = ? AND created_at >= ? ORDER BY created_at DESC LIMIT 500",
      )
      .all(agent, since) as RawOrder[];
    return rows.map(toOrder);
  }

  byOffice(office: string, limit: number): Order[] {
    const rows = this.sql
      .stmt("SELECT * FROM counter_orders WHERE office = ? ORDER BY created_at DESC LIMIT ?")
      .all(office, limit) as RawOrder[];
    return rows.map(toOrder);
  }

  events(id: string): OrderEvent[] {
    const rows = this.sql
      .stmt(
        "SELECT at, state, actor_kind, actor_id, detail FROM counter_order_events WHERE order_id = ? ORDER BY seq",
      )
      .all(id) as RawEvent[];
    return rows.map((r) => ({
      at: r.at,
      state: r.state,
      actor: { kind: r.actor_kind, id: r.actor_id },
      detail: r.detail,
    }));
  }

  private event(id: string, e: Omit<OrderEvent, "at">, at: number): void {
    this.sql
      .stmt(
        "INSERT INTO counter_order_events (order_id, at, state, actor_kind, actor_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(id, at, e.state, e.actor.kind, e.actor.id, e.detail);
  }
}
