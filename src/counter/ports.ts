/**
 * What the online counter (`/counter`: citizens, and post office agents on their behalf) needs
 * from the outside world: the canton's login, the office's register, the invoice, the mail relay
 * and its own orders journal. The adapters (`src/identity`, `src/register`, `src/payment`,
 * `src/mail`, `src/store`) implement these types and the wiring plugs them in; nothing here
 * imports them. Issuing itself goes through the issuer's façade, the same as the office's own
 * extracts (same journal, batching, anchoring and stamp).
 * @module
 */
import type { IsoDate } from "../core/dates.ts";
import type { Entry, Extract, Language, LossCertificate } from "../core/extract.ts";

// ---- Identity: the canton's login over OpenID Connect ----

/** A postal address as the login or the register gives it. */
export interface PostalAddress {
  readonly street: string;
  readonly houseNumber?: string;
  readonly postalCode: string;
  readonly town: string;
  /** ISO 3166-1 alpha-2, `CH`. */
  readonly country: string;
}

/** A citizen as the canton's login vouches for them (claims mapped by configuration). */
export interface CitizenIdentity {
  /** The provider's `iss`; with `subject` it names the citizen across sessions. */
  readonly issuer: string;
  /** The provider's `sub`. */
  readonly subject: string;
  readonly lastName: string;
  readonly firstNames: string;
  readonly dateOfBirth: IsoDate;
  readonly address: PostalAddress;
  readonly email?: string;
}

/** What a sign-in in progress keeps in the session between the redirect and the callback. */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** Authorization code flow with PKCE against the configured provider. */
export interface IdentityPort {
  /**
   * Where to send the browser, and what to keep (server side) until it comes back; `language`
   * asks the login to show its pages in the citizen's language (`ui_locales`).
   */
  begin(options?: {
    readonly language?: Language;
  }): Promise<{ readonly url: string; readonly pending: PendingSignIn }>;
  /**
   * The citizen, from the callback's full URL.
   * @throws {SceauError} `IDENTITY_REJECTED` (state, nonce or code refused), `IDENTITY_UNAVAILABLE`
   */
  complete(callbackUrl: URL, pending: PendingSignIn): Promise<CitizenIdentity>;
}

/**
 * Which claim (a dot path into the userinfo answer) carries each fact about the citizen: the
 * identity adapter's configuration, parsed with the rest of it (`src/config-counter.ts`).
 */
export interface ClaimMapping {
  readonly lastName: string;
  readonly firstNames: string;
  readonly dateOfBirth: string;
  /** The street, with the house number unless `houseNumber` names its own claim. */
  readonly street: string;
  readonly houseNumber: string | null;
  readonly postalCode: string;
  readonly town: string;
  readonly country: string;
  readonly email: string | null;
}

// ---- The register of the competent office ----

/** Who the counter looks for. */
export interface RegisterQuery {
  readonly office: string;
  readonly lastName: string;
  readonly firstNames: string;
  readonly dateOfBirth: IsoDate;
  readonly address: PostalAddress;
}

/** A person of the register that may be the one looked for, with what agrees. */
export interface RegisterCandidate {
  /** The register's own id of the person: opaque, stable, never shown to a citizen or an agent. */
  readonly personId: string;
  readonly lastName: string;
  readonly firstNames: string;
  readonly dateOfBirth: IsoDate;
  readonly address: PostalAddress;
  readonly matches: { readonly name: boolean; readonly dateOfBirth: boolean; readonly address: boolean };
}

/** The register's data for one person: the extract's debtor, proceedings and loss certificates. */
export interface RegisterRecord {
  readonly personId: string;
  readonly lastName: string;
  readonly firstNames: string;
  readonly dateOfBirth: IsoDate;
  readonly address: PostalAddress;
  readonly entries: readonly Entry[];
  readonly lossCertificates: readonly LossCertificate[];
}

/**
 * The office's register system. Failures are `REGISTER_UNAVAILABLE` (time-out, refusal, a
 * malformed answer): the counter then says "unavailable", never issues from a partial answer.
 */
export interface RegisterPort {
  /** Every person who may be the one looked for (an empty list: nobody). */
  search(query: RegisterQuery, signal?: AbortSignal): Promise<readonly RegisterCandidate[]>;
  /** The record of one person, by the register's id. */
  record(office: string, personId: string, signal?: AbortSignal): Promise<RegisterRecord>;
}

// ---- The fee ----

/** What an invoice is for. */
export interface InvoiceRequest {
  readonly orderId: string;
  readonly office: string;
  /** In centimes (CHF 17.00 = 1700). */
  readonly amountCents: number;
  readonly language: Language;
  readonly debtor: { readonly name: string; readonly address: PostalAddress };
}

/** Who is paid, per office: the QR-IBAN, the creditor's address and the reference's prefix. */
export interface OfficeCreditor {
  readonly qrIban: string;
  readonly creditor: {
    readonly name: string;
    readonly street: string;
    readonly houseNumber?: string | undefined;
    readonly postalCode: string;
    readonly town: string;
    readonly country: string;
  };
  readonly referencePrefix: string;
}

/** An invoice with its Swiss QR-bill. */
export interface Invoice {
  /** The structured reference (QR reference, 27 digits, or creditor reference RF…) of the order. */
  readonly reference: string;
  /** The invoice as a PDF with the QR-bill payment part. */
  readonly pdf: Uint8Array;
}

/** How the fee is asked for: an invoice by default; a payment provider would replace this. */
export interface PaymentPort {
  invoice(request: InvoiceRequest): Promise<Invoice>;
}

// ---- Mail ----

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly attachments: readonly {
    readonly filename: string;
    readonly contentType: string;
    readonly content: Uint8Array;
  }[];
}

/** The canton's SMTP relay. @throws {SceauError} `MAIL_UNAVAILABLE` */
export interface MailPort {
  send(message: MailMessage): Promise<void>;
}

// ---- Issuing: the issuer's façade, as the counter uses it ----

/**
 * The office's own issuer (same journal, batching, anchoring and stamp), seen from the counter.
 * The wiring adapts `IssuerService` to it.
 */
export interface CounterIssuingPort {
  /**
   * Seals `extract` for `office`; the same office and `extract.reference` again returns the first
   * extract (the counter's idempotency, crashes included).
   */
  submit(office: string, extract: Extract): Promise<{ readonly id: string }>;
  /** Whether the extract is anchored, waiting up to `timeoutMs` for it. */
  waitAnchored(office: string, id: string, timeoutMs: number): Promise<boolean>;
  /** The sealed PDF of an anchored extract. @throws {SceauError} `CONFLICT` before anchoring */
  pdf(office: string, id: string): Promise<Uint8Array>;
}

// ---- Orders: the counter's own journal ----

/** Where an order stands. */
export type OrderState = "review" | "issuing" | "issued" | "refused";

/** Online by the citizen, or at a post office counter by an agent. */
type OrderChannel = "online" | "agent";

/** Who changed an order. */
export interface OrderActor {
  readonly kind: "citizen" | "agent" | "office" | "system";
  /** Citizen: `<issuer> <subject>`; agent: the agent's id; office: the office's id. */
  readonly id: string;
}

/** Kinds of identity document an agent may record. */
export const ID_DOCUMENT_TYPES = ["passport", "identity-card", "residence-permit"] as const;
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

/** The person an order is for, as the login or the agent gave them. */
export interface OrderPerson {
  readonly lastName: string;
  readonly firstNames: string;
  readonly dateOfBirth: IsoDate;
  readonly address: PostalAddress;
}

/** What the mail of the extract has come to. */
export type MailState = "none" | "pending" | "sent" | "failed";

export interface Order {
  /** Random, 26 base32 characters: in URLs, and no personal data. */
  readonly id: string;
  readonly office: string;
  readonly channel: OrderChannel;
  /** The citizen who ordered online (`<issuer> <subject>`), or null at a counter. */
  readonly citizen: string | null;
  /** The agent and their post office, at a counter. */
  readonly agent: { readonly id: string; readonly postOffice: string } | null;
  /** What the agent saw: the document's type and the last four characters of its number. */
  readonly idDocument: { readonly type: IdDocumentType; readonly last4: string } | null;
  readonly person: OrderPerson;
  readonly language: Language;
  /** Where the extract is mailed, when asked. */
  readonly email: string | null;
  readonly state: OrderState;
  /** The register's candidates, for the office's review. */
  readonly candidates: readonly RegisterCandidate[];
  /** The extract as it is (or was) submitted: set on entering `issuing`. */
  readonly extract: Extract | null;
  readonly extractId: string | null;
  readonly refusal: string | null;
  readonly feeCents: number;
  readonly invoiceReference: string | null;
  readonly mail: MailState;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A state change of an order, as the journal keeps it. */
export interface OrderEvent {
  readonly at: number;
  readonly state: OrderState | "mailed" | "mail-failed";
  readonly actor: OrderActor;
  readonly detail: string | null;
}

/** The new fields of an order moving on. */
export interface OrderChange {
  readonly state?: OrderState;
  readonly extract?: Extract;
  readonly extractId?: string;
  readonly refusal?: string;
  readonly mail?: MailState;
}

/** The orders journal (schema 5 of the issuer's journal). Every write is one transaction. */
export interface OrderJournalPort {
  /** Records a new order and its first event; false when the id exists already. */
  insert(order: Order, actor: OrderActor): boolean;
  get(id: string): Order | null;
  /**
   * Applies `change` when the order is in state `from` (null: any), with its event; false when
   * it is not (someone else moved it first).
   */
  change(
    id: string,
    from: OrderState | null,
    change: OrderChange,
    event: Omit<OrderEvent, "at">,
    at: number,
  ): boolean;
  saveInvoice(id: string, reference: string, pdf: Uint8Array): void;
  invoicePdf(id: string): Uint8Array | null;
  /** Orders in a state (oldest first), of one office or all. */
  inState(state: OrderState, office: string | null, limit: number): Order[];
  /** Orders whose mail is pending (oldest first). */
  mailPending(limit: number): Order[];
  /** An agent's orders since `since` (milliseconds), newest first. */
  byAgent(agent: string, since: number): Order[];
  /** An office's orders, newest first. */
  byOffice(office: string, limit: number): Order[];
  events(id: string): OrderEvent[];
}
