/**
 * Mail to citizens through the canton's SMTP relay (nodemailer), or in development into
 * `<data dir>/outbox/` as `.eml` files one can open. Every step of an SMTP exchange has a time
 * limit, so a relay that hangs costs one `MAIL_UNAVAILABLE`, never a stuck order.
 * @module
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createTransport } from "nodemailer";
import { SceauError } from "../core/errors.ts";
import type { MailMessage, MailPort } from "../counter/ports.ts";

export interface SmtpOptions {
  /** `smtp://[user:password@]host[:port]` (STARTTLS when the relay offers it) or `smtps://…`. */
  readonly url: string;
  /** Password for the URL's user name, kept out of the URL (a mounted secret); null: the URL's own. */
  readonly password?: string | null;
  /** The sender, `Name <address>`. */
  readonly from: string;
  /** Connecting, the greeting, and each silence of the relay give up after this. */
  readonly timeoutMs: number;
}

function toNodemailer(from: string, m: MailMessage) {
  return {
    from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    attachments: m.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
    })),
  };
}

/** Mail through the relay at `options.url`. @throws {SceauError} `MAIL_UNAVAILABLE` */
export function smtpMail(options: SmtpOptions): MailPort & { close(): void } {
  const url = new URL(options.url);
  const user = decodeURIComponent(url.username);
  const password = options.password ?? null;
  // nodemailer lets the URL's credentials win over `auth`: with a password file, the URL keeps none.
  if (password !== null) {
    url.username = "";
    url.password = "";
  }
  const transport = createTransport({
    url: url.href,
    ...(password !== null && user !== "" ? { auth: { user, pass: password } } : {}),
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    dnsTimeout: options.timeoutMs,
  });
  return {
    async send(message) {
      try {
        await transport.sendMail(toNodemailer(options.from, message));
      } catch (cause) {
        // The relay's own words (and perhaps the address) go to the log through `cause` only.
        throw new SceauError("MAIL_UNAVAILABLE", "The mail relay did not accept the message.", { cause });
      }
    },
    close() {
      transport.close();
    },
  };
}

/**
 * Development: each message as an `.eml` file in `dir` (nothing leaves the machine).
 * @throws {SceauError} `MAIL_UNAVAILABLE` when the file cannot be written
 */
export function outboxMail(dir: string, from: string): MailPort & { close(): void } {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(message) {
      try {
        const info = await transport.sendMail(toNodemailer(from, message));
        if (!Buffer.isBuffer(info.message)) throw new Error("The outbox transport gave no buffer.");
        mkdirSync(dir, { recursive: true });
        writeFileSync(
          join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomUUID()}.eml`),
          info.message,
        );
      } catch (cause) {
        throw new SceauError("MAIL_UNAVAILABLE", "The message could not be written to the outbox.", {
          cause,
        });
      }
    },
    close() {
      transport.close();
    },
  };
}
