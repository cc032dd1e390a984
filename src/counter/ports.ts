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
import type { Entry, Language, LossCertificate } from "../core/extract.ts";

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
