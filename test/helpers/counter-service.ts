/**
 * The whole service with its online counter, for end-to-end tests: the chain and service of
 * `startE2E`, the embedded demo register (which a test may take down), an SMTP relay on
 * 127.0.0.1 keeping what it receives, an agents file with one agent, and a login: a stand-in
 * (`StubIdentity`) or the real adapter when a test passes one.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { SceauError } from "../../src/core/errors.ts";
import type {
  CitizenIdentity,
  IdentityPort,
  PendingSignIn,
  RegisterCandidate,
  RegisterPort,
  RegisterQuery,
  RegisterRecord,
} from "../../src/counter/ports.ts";
import { hashToken } from "../../src/http/auth.ts";
import { startDevProvider, type DevProvider } from "../../src/identity/dev/provider.ts";
import { embeddedRegister } from "../../src/register/embedded.ts";
import { startE2E, type E2E } from "./service.ts";

/** A login that vouches for whoever the test names, through the real callback route. */
export class StubIdentity implements IdentityPort {
  citizen: CitizenIdentity | null = null;
  private n = 0;
  begin(): Promise<{ url: string; pending: PendingSignIn }> {
    this.n += 1;
    const state = `state-${this.n}`;
    return Promise.resolve({
      url: `/counter/callback?code=code-${this.n}&state=${state}`,
      pending: { state, nonce: `nonce-${this.n}`, codeVerifier: "v".repeat(43) },
    });
  }
  complete(url: URL, pending: PendingSignIn): Promise<CitizenIdentity> {
    if (url.searchParams.get("state") !== pending.state || !this.citizen) {
      return Promise.reject(new SceauError("IDENTITY_REJECTED", "state refused"));
    }
    return Promise.resolve(this.citizen);
  }
}

/** The demo register, which `down` makes unreachable. */
class SwitchableRegister implements RegisterPort {
  down = false;
  private readonly inner = embeddedRegister(":memory:", ["demo"]);
  search(q: RegisterQuery): Promise<readonly RegisterCandidate[]> {
    if (this.down) return Promise.reject(new Error("ECONNREFUSED"));
    return this.inner.search(q);
  }
  record(office: string, personId: string): Promise<RegisterRecord> {
    if (this.down) return Promise.reject(new Error("ECONNREFUSED"));
    return this.inner.record(office, personId);
  }
  close(): void {
    this.inner.close();
  }
}

interface ReceivedMail {
  readonly to: string[];
  readonly raw: Buffer;
}

export interface CounterE2E {
  readonly e2e: E2E;
  readonly base: string;
  /** The login given or stubbed; null with the real (development) login. */
  readonly identity: StubIdentity | IdentityPort | null;
  readonly register: SwitchableRegister;
  readonly mails: ReceivedMail[];
  readonly agentCredential: string;
  close(): Promise<void>;
}

const AGENT_CREDENTIAL = "agent-credential-0123456789abcdef";

/** A port free right now on 127.0.0.1 (the login must know the callback's address beforehand). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return port;
}

/**
 * `realLogin`: the development login (oidc-provider on 127.0.0.1) configured as the canton's
 * login through SCEAU_OIDC_*, so sign-in runs the service's own OpenID Connect client.
 */
export async function startCounterE2E(
  options: { identity?: IdentityPort; realLogin?: boolean; env?: Record<string, string> } = {},
): Promise<CounterE2E> {
  let login: DevProvider | null = null;
  const loginEnv: Record<string, string> = {};
  if (options.realLogin) {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    login = await startDevProvider({
      port: 0,
      clientId: "sceau-counter-test",
      clientSecret: null,
      redirectUrls: [`${publicUrl}/counter/callback`],
    });
    Object.assign(loginEnv, {
      SCEAU_PORT: String(port),
      SCEAU_PUBLIC_URL: publicUrl,
      SCEAU_OIDC_ISSUER: login.issuer,
      SCEAU_OIDC_CLIENT_ID: "sceau-counter-test",
    });
  }
  const mails: ReceivedMail[] = [];
  const relay = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const smtpPort = (relay.server.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), "sceau-counter-"));
  const agents = join(dir, "agents.json");
  writeFileSync(
    agents,
    JSON.stringify([
      {
        id: "agent-anna",
        name: "Anna Agent",
        postOffice: { id: "delemont-1", name: "La Poste Delémont 1" },
        credentialSha256: hashToken(AGENT_CREDENTIAL),
      },
    ]),
  );
  const stub = options.identity ?? (options.realLogin ? null : new StubIdentity());
  const register = new SwitchableRegister();
  const e2e = await startE2E(
    {
      SCEAU_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SCEAU_MAIL_FROM: "Sceau <no-reply@example.ch>",
      SCEAU_COUNTER_AGENTS_FILE: agents,
      SCEAU_COUNTER_ORDERS_PER_HOUR: "0",
      ...loginEnv,
      ...options.env,
    },
    stub ? { identity: stub, register } : { register },
  );
  return {
    e2e,
    base: e2e.service.url,
    identity: stub,
    register,
    mails,
    agentCredential: AGENT_CREDENTIAL,
    close: async () => {
      await e2e.close();
      await login?.close();
      register.close();
      await new Promise<void>((resolve) => {
        relay.close(() => {
          resolve();
        });
      });
    },
  };
}
