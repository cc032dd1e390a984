/**
 * In-memory doubles of the counter's ports (register, payment, mail, issuing), for the use
 * case's tests and for running the pages before the real adapters are wired.
 */
import { SceauError } from "../../src/core/errors.ts";
import type { Extract } from "../../src/core/extract.ts";
import type {
  CounterIssuingPort,
  Invoice,
  InvoiceRequest,
  MailMessage,
  MailPort,
  PaymentPort,
  RegisterCandidate,
  RegisterPort,
  RegisterQuery,
  RegisterRecord,
} from "../../src/counter/ports.ts";

const fold = (s: string): string => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().trim();

/** A register of a few people; `down` makes every call fail. */
export class FakeRegister implements RegisterPort {
  down = false;
  searches = 0;
  readonly people: RegisterRecord[];
  constructor(people: RegisterRecord[]) {
    this.people = people;
  }

  search(q: RegisterQuery): Promise<readonly RegisterCandidate[]> {
    this.searches += 1;
    if (this.down) return Promise.reject(new Error("connection refused"));
    const out: RegisterCandidate[] = [];
    for (const p of this.people) {
      const name = fold(p.lastName) === fold(q.lastName) && fold(p.firstNames) === fold(q.firstNames);
      const dateOfBirth = p.dateOfBirth === q.dateOfBirth;
      const address =
        fold(p.address.street) === fold(q.address.street) && p.address.postalCode === q.address.postalCode;
      if (fold(p.lastName) === fold(q.lastName) && (name || dateOfBirth)) {
        out.push({ ...p, matches: { name, dateOfBirth, address } });
      }
    }
    return Promise.resolve(out);
  }

  record(_office: string, personId: string): Promise<RegisterRecord> {
    if (this.down) return Promise.reject(new SceauError("REGISTER_UNAVAILABLE", "down"));
    const p = this.people.find((x) => x.personId === personId);
    return p ? Promise.resolve(p) : Promise.reject(new SceauError("REGISTER_UNAVAILABLE", "unknown person"));
  }
}

export class FakePayment implements PaymentPort {
  readonly requests: InvoiceRequest[] = [];
  invoice(request: InvoiceRequest): Promise<Invoice> {
    this.requests.push(request);
    return Promise.resolve({
      reference: "210000000003139471430009017",
      pdf: new TextEncoder().encode(`%PDF-1.7 invoice ${request.orderId}`),
    });
  }
}

export class FakeMail implements MailPort {
  readonly sent: MailMessage[] = [];
  down = false;
  send(message: MailMessage): Promise<void> {
    if (this.down) return Promise.reject(new SceauError("MAIL_UNAVAILABLE", "down"));
    this.sent.push(message);
    return Promise.resolve();
  }
}

/** An issuer that "anchors" at once; same office and reference: the same extract. */
export class FakeIssuing implements CounterIssuingPort {
  readonly extracts = new Map<string, { office: string; extract: Extract }>();
  submissions = 0;
  crashNext = false;

  submit(office: string, extract: Extract): Promise<{ id: string }> {
    this.submissions += 1;
    const id = `X-${office}-${extract.reference ?? ""}`;
    if (!this.extracts.has(id)) this.extracts.set(id, { office, extract });
    if (this.crashNext) {
      this.crashNext = false;
      return Promise.reject(new SceauError("JOURNAL_UNAVAILABLE", "crash after storing"));
    }
    return Promise.resolve({ id });
  }
  waitAnchored(): Promise<boolean> {
    return Promise.resolve(true);
  }
  pdf(_office: string, id: string): Promise<Uint8Array> {
    return Promise.resolve(new TextEncoder().encode(`%PDF-1.7 sealed ${id}`));
  }
}

export const ALICE: RegisterRecord = {
  personId: "p-1",
  lastName: "Muster",
  firstNames: "Alice",
  dateOfBirth: "1985-04-12",
  address: { street: "Rue du Jura", houseNumber: "3", postalCode: "2800", town: "Delémont", country: "CH" },
  entries: [
    { caseNumber: "2024-118", date: "2024-03-01", creditor: "Garage SA", amount: "1200.00", status: "paid" },
  ],
  lossCertificates: [],
};
