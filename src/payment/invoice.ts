/**
 * The fee asked for with an invoice: an A4 PDF (PDFKit) whose lower third is the Swiss QR-bill
 * payment part (swissqrbill, which follows the Swiss Implementation Guidelines for the QR-bill
 * and validates IBAN, QR-IBAN and reference), paid into the office's QR-IBAN with the order's
 * QR reference. A payment provider would replace this port (docs/counter.md, "Fee and QR-bill").
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import PDFDocument from "pdfkit";
import { SwissQRBill } from "swissqrbill/pdf";
import { SceauError } from "../core/errors.ts";
import type { Language } from "../core/extract.ts";
import { say, type Message } from "../core/format.ts";
import type {
  Invoice,
  InvoiceRequest,
  OfficeCreditor,
  PaymentPort,
  PostalAddress,
} from "../counter/ports.ts";
import { qrReferenceOf } from "./reference.ts";

const WORDS = {
  title: { fr: "Facture", de: "Rechnung", it: "Fattura", en: "Invoice" },
  order: { fr: "Commande {id}", de: "Bestellung {id}", it: "Ordinazione {id}", en: "Order {id}" },
  fee: {
    fr: "Émolument pour un extrait du registre des poursuites (art. 12a OELP)",
    de: "Gebühr für einen Auszug aus dem Betreibungsregister (Art. 12a GebV SchKG)",
    it: "Tassa per un estratto del registro delle esecuzioni (art. 12a OTLEF)",
    en: "Fee for an extract from the debt enforcement register (art. 12a GebV SchKG)",
  },
  pay: {
    fr: "Veuillez payer ce montant avec le bulletin ci-dessous, sans modifier la référence.",
    de: "Bitte bezahlen Sie diesen Betrag mit dem Zahlteil unten, ohne die Referenz zu ändern.",
    it: "Vogliate pagare questo importo con la sezione di pagamento qui sotto, senza modificare il riferimento.",
    en: "Please pay this amount with the payment part below, keeping its reference as it is.",
  },
  message: {
    fr: "Extrait du registre des poursuites, commande {id}",
    de: "Betreibungsregisterauszug, Bestellung {id}",
    it: "Estratto del registro delle esecuzioni, ordinazione {id}",
    en: "Debt enforcement register extract, order {id}",
  },
} as const satisfies Record<string, Message>;

const BILL_LANGUAGE = { fr: "FR", de: "DE", it: "IT", en: "EN" } as const satisfies Record<Language, string>;

// The letter part in DejaVu Sans, which has every Latin, Greek and Cyrillic letter a name may
// hold; the payment part keeps Helvetica, one of the fonts the QR-bill standard allows.
const fontDir = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
const FONT = readFileSync(join(fontDir, "DejaVuSans.ttf"));
const FONT_BOLD = readFileSync(join(fontDir, "DejaVuSans-Bold.ttf"));

/**
 * The characters a Swiss QR Code may hold (Swiss Implementation Guidelines QR-bill 2.3: Basic
 * Latin, Latin-1 Supplement, Latin Extended-A, Ș ș Ț ț and €).
 */
const BILL_CHARACTERS = /^[\u0020-\u007E\u00A0-\u00FF\u0100-\u017F\u0218-\u021B\u20AC]*$/;

/** `text` as the bill may carry it: as is, else without its accents, else null (not representable). */
export function billText(text: string): string | null {
  const t = text.normalize("NFC");
  if (BILL_CHARACTERS.test(t)) return t;
  const folded = t.normalize("NFKD").replace(/\p{M}/gu, "").normalize("NFC");
  return BILL_CHARACTERS.test(folded) ? folded : null;
}

/** The QR-bill's field limits (characters); longer values are cut, never refused. */
const clip = (text: string, max: number): string => text.trim().slice(0, max);

/**
 * Invoices with a QR-bill for the offices in `creditors`.
 * @throws {SceauError} `NOT_FOUND` for an office without a creditor, `VALIDATION_FAILED` for
 * data the QR-bill refuses (an amount out of range, a debtor address it cannot carry)
 */
export function qrBillPayment(creditors: ReadonlyMap<string, OfficeCreditor>): PaymentPort {
  return {
    async invoice(request: InvoiceRequest): Promise<Invoice> {
      const office = creditors.get(request.office);
      if (office === undefined) {
        throw new SceauError("NOT_FOUND", `The office ${request.office} takes no payments at the counter.`);
      }
      if (!Number.isSafeInteger(request.amountCents) || request.amountCents <= 0) {
        throw new SceauError("VALIDATION_FAILED", "The amount must be a positive number of centimes.");
      }
      const reference = qrReferenceOf(request.orderId, office.referencePrefix);
      let bill: SwissQRBill;
      try {
        bill = new SwissQRBill(
          {
            currency: "CHF",
            amount: request.amountCents / 100,
            reference,
            message: clip(say(WORDS.message, request.language, { id: request.orderId }), 140),
            creditor: { account: office.qrIban, ...billAddress(office.creditor.name, office.creditor) },
            // A debtor the bill's characters cannot write is left out: the bill then shows an
            // empty "Payable by" box, which the standard allows (the invoice above names them).
            ...debtorOf(request),
          },
          { language: BILL_LANGUAGE[request.language], fontName: "Helvetica", scissors: true },
        );
      } catch (cause) {
        throw new SceauError("VALIDATION_FAILED", "The QR-bill refuses this invoice's data.", { cause });
      }
      const pdf = await render(request, office, bill);
      return { reference, pdf };
    },
  };
}

function debtorOf(request: InvoiceRequest) {
  const a = request.debtor.address;
  const fields = [request.debtor.name, a.street, a.houseNumber ?? "", a.postalCode, a.town].map(billText);
  const [name, street, houseNumber, postalCode, town] = fields;
  if (name == null || street == null || houseNumber == null || postalCode == null || town == null) return {};
  return {
    debtor: billAddress(name, {
      street,
      ...(a.houseNumber === undefined ? {} : { houseNumber }),
      postalCode,
      town,
      country: a.country,
    }),
  };
}

function billAddress(
  name: string,
  a: Pick<PostalAddress, "street" | "postalCode" | "town" | "country"> & {
    readonly houseNumber?: string | undefined;
  },
) {
  return {
    name: clip(name, 70),
    address: clip(a.street, 70),
    ...(a.houseNumber === undefined ? {} : { buildingNumber: clip(a.houseNumber, 16) }),
    zip: clip(a.postalCode, 16),
    city: clip(a.town, 35),
    country: a.country,
  };
}

/** The A4 page: creditor, debtor, what the fee is for, the amount, then the payment part. */
function render(request: InvoiceRequest, office: OfficeCreditor, bill: SwissQRBill): Promise<Uint8Array> {
  const { language: lang } = request;
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    info: { Title: `${say(WORDS.title, lang)} ${request.orderId}`, Author: office.creditor.name },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => {
      resolve(new Uint8Array(Buffer.concat(chunks)));
    });
    doc.on("error", reject);
  });
  const c = office.creditor;
  const d = request.debtor;
  const street = (s: string, n: string | undefined) => (n === undefined ? s : `${s} ${n}`);
  doc.registerFont("letter", FONT).registerFont("letter-bold", FONT_BOLD);
  doc.font("letter-bold").fontSize(11).text(c.name);
  doc.font("letter").text(street(c.street, c.houseNumber)).text(`${c.postalCode} ${c.town}`);
  doc.moveDown(3);
  doc.text(d.name, 320).text(street(d.address.street, d.address.houseNumber), 320);
  doc.text(`${d.address.postalCode} ${d.address.town}`, 320);
  doc.moveDown(3);
  doc.font("letter-bold").fontSize(16).text(say(WORDS.title, lang), 56);
  doc
    .font("letter")
    .fontSize(10)
    .text(say(WORDS.order, lang, { id: request.orderId }));
  doc.moveDown(1.5).fontSize(11);
  const y = doc.y;
  doc.text(say(WORDS.fee, lang), 56, y, { width: 380 });
  doc.text(`CHF ${(request.amountCents / 100).toFixed(2)}`, 440, y, { width: 99, align: "right" });
  doc.moveDown(2).text(say(WORDS.pay, lang), 56);
  bill.attachTo(doc);
  doc.end();
  return done;
}
