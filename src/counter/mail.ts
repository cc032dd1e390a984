/**
 * The extract and its invoice by mail, once anchored, for an order that asked for it; the
 * outcome (sent, or failed: the citizen downloads it) is an event of the order.
 * @module
 */
import { SceauError } from "../core/errors.ts";
import type { Language } from "../core/extract.ts";
import type { Order, OrderActor } from "./ports.ts";
import type { CounterDeps } from "./service.ts";

export async function mailExtract(deps: CounterDeps, order: Order): Promise<void> {
  if (order.email === null || order.extractId === null) return;
  const system: OrderActor = { kind: "system", id: "counter" };
  if (!deps.mail) {
    deps.orders.change(
      order.id,
      "issued",
      { mail: "failed" },
      { state: "mail-failed", actor: system, detail: "no relay" },
      deps.now(),
    );
    return;
  }
  const anchored = await deps.issuing.waitAnchored(order.office, order.extractId, deps.limits.anchorWaitMs);
  if (!anchored) throw new SceauError("CONFLICT", "Not anchored yet.");
  const pdf = await deps.issuing.pdf(order.office, order.extractId);
  const invoice = deps.orders.invoicePdf(order.id);
  try {
    await deps.mail.send({
      to: order.email,
      subject: MAIL_SUBJECT[order.language],
      text: MAIL_TEXT[order.language],
      attachments: [
        { filename: `extract-${order.id}.pdf`, contentType: "application/pdf", content: pdf },
        ...(invoice
          ? [{ filename: `invoice-${order.id}.pdf`, contentType: "application/pdf", content: invoice }]
          : []),
      ],
    });
  } catch (e) {
    deps.orders.change(
      order.id,
      "issued",
      { mail: "failed" },
      { state: "mail-failed", actor: system, detail: e instanceof SceauError ? e.code : "INTERNAL" },
      deps.now(),
    );
    return;
  }
  deps.orders.change(
    order.id,
    "issued",
    { mail: "sent" },
    { state: "mailed", actor: system, detail: null },
    deps.now(),
  );
}

const MAIL_SUBJECT: Record<Language, string> = {
  fr: "Votre extrait du registre des poursuites",
  de: "Ihr Betreibungsregisterauszug",
  it: "Il suo estratto del registro delle esecuzioni",
  en: "Your debt enforcement register extract",
};

const MAIL_TEXT: Record<Language, string> = {
  fr: "Vous trouverez ci-joint votre extrait scellé et la facture avec sa QR-facture. Transmettez le fichier PDF tel quel : le destinataire le vérifie en scannant son code QR ou en le déposant sur la page de vérification.",
  de: "Im Anhang finden Sie Ihren versiegelten Auszug und die Rechnung mit QR-Einzahlungsschein. Leiten Sie die PDF-Datei unverändert weiter: Der Empfänger prüft sie, indem er den QR-Code scannt oder die Datei auf der Prüfseite hochlädt.",
  it: "In allegato trova il suo estratto sigillato e la fattura con la QR-fattura. Trasmetta il file PDF così com'è: il destinatario lo verifica scansionando il codice QR o caricandolo sulla pagina di verifica.",
  en: "Attached are your sealed extract and the invoice with its QR-bill. Pass the PDF file on as it is: the recipient checks it by scanning its QR code or by dropping it on the verification page.",
};
