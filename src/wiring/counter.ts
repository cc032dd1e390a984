/**
 * The online counter wired from the configuration: its use case over the issuer's façade and
 * journal, the register (the connector, or the embedded demo register in development), the
 * QR-bill invoices, the mail relay (or the development outbox), the canton's login, the agents
 * and the sessions. Without a login or a register configured there is no counter.
 * @module
 */
import { hasSealedPdf } from "../core/chain.ts";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CounterAgentConfig, Config } from "../config.ts";
import type { OfficeConfig } from "../config-trust.ts";
import type { Logger } from "../core/log.ts";
import type {
  CounterIssuingPort,
  IdentityPort,
  MailPort,
  OfficeCreditor,
  RegisterPort,
} from "../counter/ports.ts";
import { CounterService, type CounterOffice } from "../counter/service.ts";
import { hashToken } from "../http/auth.ts";
import { startDevProvider } from "../identity/dev/provider.ts";
import { oidcIdentity } from "../identity/oidc.ts";
import { AgentAuth } from "../http/counter/agents.ts";
import type { CounterHttpDeps } from "../http/counter/routes.ts";
import { SessionStore } from "../http/counter/session.ts";
import type { IssuerService } from "../issuer/service.ts";
import { outboxMail, smtpMail } from "../mail/smtp.ts";
import { qrBillPayment } from "../payment/invoice.ts";
import { registerConnector } from "../register/connector.ts";
import { embeddedRegister } from "../register/embedded.ts";
import type { Journal } from "../store/journal.ts";

export interface CounterOptions {
  readonly journal: Journal;
  readonly issuer: IssuerService;
  readonly offices: readonly OfficeConfig[];
  readonly log: Logger;
  readonly now: () => number;
  /** Test aid: another login than the configured one. */
  readonly identity?: IdentityPort;
  /** Test aid: another register (one that fails, say). */
  readonly register?: RegisterPort;
}

export interface CounterRuntime {
  readonly http: CounterHttpDeps;
  readonly service: CounterService;
  /** The demo agent's credential, in development without an agents file. */
  readonly demoAgentCredential: string | null;
  close(): Promise<void>;
}

/** How long a download waits for its extract's anchoring. */
const ANCHOR_WAIT_MS = 30_000;

/** The issuer's façade as the counter uses it. */
function issuingOf(issuer: IssuerService): CounterIssuingPort {
  return {
    async submit(office, extract) {
      const { status } = await issuer.submit(office, extract);
      return { id: status.id };
    },
    async waitAnchored(office, id, timeoutMs) {
      const { state } = await issuer.waitAnchored(office, id, timeoutMs);
      return hasSealedPdf(state);
    },
    pdf: (office, id) => issuer.pdf(office, id),
  };
}

/** The counter, or null when it is not configured. */
export async function startCounter(config: Config, options: CounterOptions): Promise<CounterRuntime | null> {
  if ((!options.identity && !config.identity) || (!config.register && !options.register)) return null;
  const closers: (() => Promise<void> | void)[] = [];
  let identity = options.identity;
  if (!identity && config.identity) {
    const id = config.identity;
    let issuer = id.issuer;
    if (issuer === null) {
      // Only on the local development chain (src/config-counter.ts): the development login.
      const dev = await startDevProvider({
        port: id.devPort,
        clientId: id.clientId,
        clientSecret: id.clientSecret,
        redirectUrls: [id.redirectUrl],
        log: options.log,
      });
      closers.push(() => dev.close());
      issuer = dev.issuer;
    }
    identity = oidcIdentity({
      issuer,
      clientId: id.clientId,
      clientSecret: id.clientSecret,
      scopes: id.scopes,
      claims: id.claims,
      redirectUrl: id.redirectUrl,
      timeoutMs: id.timeoutMs,
    });
  }
  if (!identity) return null;
  const counterOffices: CounterOffice[] = [];
  const creditors = new Map<string, OfficeCreditor>();
  for (const o of options.offices) {
    if (!o.payment || !o.district || o.district.length === 0) continue;
    counterOffices.push({ id: o.id, name: o.name, district: o.district, feeCents: o.payment.feeCents });
    creditors.set(o.id, {
      qrIban: o.payment.qrIban,
      creditor: o.payment.creditor,
      referencePrefix: o.payment.referencePrefix,
    });
  }
  let register = options.register;
  if (!register && config.register) {
    if (config.register.url === null) {
      const embedded = embeddedRegister(
        join(config.dataDir, "demo-register.sqlite"),
        counterOffices.map((o) => o.id),
      );
      closers.push(() => {
        embedded.close();
      });
      options.log(
        "warn",
        "DEVELOPMENT register: the embedded demo register (demo people), not an office's register.",
      );
      register = embedded;
    } else {
      register = registerConnector({
        url: config.register.url,
        token: config.register.token,
        timeoutMs: config.register.timeoutMs,
      });
    }
  }
  let mail: MailPort | null = null;
  if (config.mail) {
    const m =
      config.mail.smtpUrl === null
        ? outboxMail(join(config.dataDir, "outbox"), config.mail.from)
        : smtpMail({
            url: config.mail.smtpUrl,
            from: config.mail.from,
            timeoutMs: config.mail.timeoutMs,
            password: config.mail.password,
          });
    if (config.mail.smtpUrl === null) {
      options.log("warn", "DEVELOPMENT mail: messages are written to the outbox, not sent.");
    }
    closers.push(() => {
      m.close();
    });
    mail = m;
  }
  if (!register) return null;
  const service = new CounterService({
    offices: counterOffices,
    register,
    payment: qrBillPayment(creditors),
    mail,
    issuing: issuingOf(options.issuer),
    orders: options.journal.orders,
    now: options.now,
    log: options.log,
    limits: {
      perCitizenPerHour: config.counter.ordersPerHour,
      perAgentPerHour: config.counter.agentOrdersPerHour,
      // The connector retries within its own time-out per attempt; this bounds the whole call.
      registerTimeoutMs: (config.register?.timeoutMs ?? 5000) * 4,
      anchorWaitMs: ANCHOR_WAIT_MS,
    },
  });
  const { agents, demoAgentCredential } = loadAgents(config);
  const http: CounterHttpDeps = {
    service,
    identity,
    agents: new AgentAuth(agents),
    sessions: new SessionStore({
      now: options.now,
      idleMs: config.counter.sessionMinutes * 60_000,
      maxAgeMs: 8 * 3_600_000,
      secure: config.publicUrl.startsWith("https:"),
    }),
    publicUrl: config.publicUrl,
    now: options.now,
    log: options.log,
  };
  service.resume();
  return {
    http,
    service,
    demoAgentCredential,
    async close() {
      await service.idle();
      for (const c of closers.reverse()) await c();
    },
  };
}

/** The configured agents, or in development a demo agent whose credential is kept in the data directory. */
function loadAgents(config: Config): {
  agents: readonly CounterAgentConfig[];
  demoAgentCredential: string | null;
} {
  if (config.counter.agents) return { agents: config.counter.agents, demoAgentCredential: null };
  if (!config.chain.local) return { agents: [], demoAgentCredential: null };
  const file = join(config.dataDir, "demo-agent.json");
  let credential: string;
  if (existsSync(file)) {
    credential = (JSON.parse(readFileSync(file, "utf8")) as { credential: string }).credential;
  } else {
    credential = randomBytes(24).toString("base64url");
    writeFileSync(file, `${JSON.stringify({ credential }, null, 2)}\n`, { mode: 0o600 });
  }
  return {
    agents: [
      {
        id: "demo-agent",
        name: "Agent de démonstration",
        postOffice: { id: "delemont-1", name: "La Poste Delémont 1" },
        credentialSha256: hashToken(credential),
      },
    ],
    demoAgentCredential: credential,
  };
}
