/**
 * The online counter's adapters from the configuration: the canton's login (or, on the local
 * development chain without `SCEAU_OIDC_ISSUER`, the development login started here on
 * 127.0.0.1), the register connector (or the embedded demo register), the QR-bill invoices of
 * the offices that have a `payment` entry, and the mail relay (or the development outbox).
 * `null` when the configuration gives the counter no login or no register: the service then
 * runs without `/counter`.
 * @module
 */
import { join } from "node:path";
import type { Config, OfficeConfig } from "../config.ts";
import { invariant } from "../core/errors.ts";
import type { Logger } from "../core/log.ts";
import type { IdentityPort, MailPort, PaymentPort, RegisterPort } from "../counter/ports.ts";
import { startDevProvider } from "../identity/dev/provider.ts";
import { oidcIdentity } from "../identity/oidc.ts";
import { outboxMail, smtpMail } from "../mail/smtp.ts";
import { qrBillPayment, type OfficeCreditor } from "../payment/invoice.ts";
import { registerConnector } from "../register/connector.ts";
import { embeddedRegister } from "../register/embedded.ts";
import type { Closer } from "./lifecycle.ts";

export interface CounterAdapters {
  readonly identity: IdentityPort;
  readonly register: RegisterPort;
  readonly payment: PaymentPort;
  readonly mail: MailPort;
  /** Fee per office id, in centimes, for the offices that take orders at the counter. */
  readonly fees: ReadonlyMap<string, number>;
  /** The development login's issuer when it runs (its page says "development"). */
  readonly devLogin: string | null;
  /** Stops what was started, in reverse order. */
  readonly closers: readonly Closer[];
}

export async function startCounterAdapters(
  config: Config,
  offices: readonly OfficeConfig[],
  log: Logger,
): Promise<CounterAdapters | null> {
  const { identity: id, register: reg, mail: mailConfig } = config;
  if (id === null || reg === null || mailConfig === null) {
    log("info", "Online counter off: no login, register or mail relay configured.", {
      login: id !== null,
      register: reg !== null,
      mail: mailConfig !== null,
    });
    return null;
  }
  const closers: Closer[] = [];
  try {
    return await start(config, offices, log, closers);
  } catch (e) {
    for (const c of closers.reverse()) await c();
    throw e;
  }
}

async function start(
  config: Config,
  offices: readonly OfficeConfig[],
  log: Logger,
  closers: Closer[],
): Promise<CounterAdapters> {
  const id = config.identity;
  const reg = config.register;
  const mailConfig = config.mail;
  invariant(id !== null && reg !== null && mailConfig !== null, "the counter's adapters are configured");
  let issuer = id.issuer;
  let devLogin: string | null = null;
  if (issuer === null) {
    // Only reachable on the local development chain (src/config-counter.ts).
    const dev = await startDevProvider({
      port: id.devPort,
      clientId: id.clientId,
      clientSecret: id.clientSecret,
      redirectUrls: [id.redirectUrl],
      log,
    });
    closers.push(() => dev.close());
    issuer = dev.issuer;
    devLogin = dev.issuer;
  }
  const identity = oidcIdentity({
    issuer,
    clientId: id.clientId,
    clientSecret: id.clientSecret,
    scopes: id.scopes,
    claims: id.claims,
    redirectUrl: id.redirectUrl,
    timeoutMs: id.timeoutMs,
  });

  let register: RegisterPort;
  if (reg.url === null) {
    const embedded = embeddedRegister(
      join(config.dataDir, "demo-register.sqlite"),
      offices.map((o) => o.id),
    );
    closers.push(() => {
      embedded.close();
    });
    log("warn", "DEVELOPMENT register: the embedded demo register (demo people), not an office's register.", {
      file: join(config.dataDir, "demo-register.sqlite"),
    });
    register = embedded;
  } else {
    register = registerConnector({ url: reg.url, token: reg.token, timeoutMs: reg.timeoutMs });
  }

  const creditors = new Map<string, OfficeCreditor>();
  const fees = new Map<string, number>();
  for (const o of offices) {
    if (o.payment === undefined) continue;
    creditors.set(o.id, o.payment);
    fees.set(o.id, o.payment.feeCents);
  }

  const mail =
    mailConfig.smtpUrl === null
      ? outboxMail(join(config.dataDir, "outbox"), mailConfig.from)
      : smtpMail({
          url: mailConfig.smtpUrl,
          password: mailConfig.password,
          from: mailConfig.from,
          timeoutMs: mailConfig.timeoutMs,
        });
  closers.push(() => {
    mail.close();
  });
  if (mailConfig.smtpUrl === null) {
    log("warn", "DEVELOPMENT mail: messages are written to the outbox, not sent.", {
      dir: join(config.dataDir, "outbox"),
    });
  }
  return { identity, register, payment: qrBillPayment(creditors), mail, fees, devLogin, closers };
}
