/**
 * The development login: a real OpenID provider (oidc-provider, an OpenID Certified
 * implementation) on 127.0.0.1 with the demo citizens of {@link DEV_ACCOUNTS}, so that `npm start`
 * runs the counter's whole sign-in (authorization code, PKCE, state, nonce, userinfo) without a
 * canton's login. The wiring starts it only on the local development chain and only when no
 * `SCEAU_OIDC_ISSUER` is configured; its page and its log say "development" plainly. Its keys
 * are made at each start and its sessions live in memory.
 * @module
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import Provider, { type Configuration } from "oidc-provider";
import type { Logger } from "../../core/log.ts";
import { DEV_ACCOUNTS } from "./accounts.ts";
import { memoryAdapter } from "./memory-adapter.ts";

export interface DevProviderOptions {
  /** 0: any free port. */
  readonly port: number;
  readonly clientId: string;
  /** null: a public client (PKCE only), as the service's default development setup. */
  readonly clientSecret: string | null;
  readonly redirectUrls: readonly string[];
  readonly log?: Logger;
}

export interface DevProvider {
  /** `http://127.0.0.1:<port>`: the issuer to configure the client with. */
  readonly issuer: string;
  close(): Promise<void>;
}

const SCOPES = ["openid", "profile", "email", "address"];

export async function startDevProvider(options: DevProviderOptions): Promise<DevProvider> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", resolve);
  });
  const address = server.address();
  const issuer = `http://127.0.0.1:${typeof address === "object" && address ? address.port : options.port}`;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), alg: "RS256", use: "sig", kid: "dev-1" };

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        ...(options.clientSecret === null
          ? { token_endpoint_auth_method: "none" }
          : { client_secret: options.clientSecret, token_endpoint_auth_method: "client_secret_basic" }),
        redirect_uris: [...options.redirectUrls],
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    adapter: memoryAdapter(),
    jwks: { keys: [jwk] },
    // Short lives, stated (the library asks): a sign-in takes minutes.
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 900,
      Session: 3600,
      Grant: 3600,
    },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    scopes: SCOPES,
    claims: {
      openid: ["sub"],
      profile: ["family_name", "given_name", "birthdate"],
      email: ["email", "email_verified"],
      address: ["address"],
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount(_ctx, id) {
      const account = DEV_ACCOUNTS.find((a) => a.login === id);
      if (account === undefined) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, ...account.claims, email_verified: true }),
      };
    },
    // First-party development client: the citizen consents by signing in, as with a canton's login.
    async loadExistingGrant(ctx) {
      const { session, client } = ctx.oidc;
      if (session === undefined || client === undefined || session.accountId === undefined) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId !== undefined) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing !== undefined) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(SCOPES.join(" "));
      await grant.save();
      return grant;
    },
    renderError(ctx, out) {
      ctx.type = "html";
      ctx.body = page("Error", `<p>${escape(out.error)}: ${escape(out.error_description ?? "")}</p>`);
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", issuer).pathname;
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(path);
    if (m === null) {
      void callback(req, res);
      return;
    }
    const handle = m[2] === undefined ? showLogin : login;
    handle(provider, req, res).catch((e: unknown) => {
      options.log?.("warn", "Development login: interaction failed.", { error: String(e) });
      if (!res.headersSent) {
        res.writeHead(400, { "content-type": "text/html; charset=utf-8" });
        res.end(page("Error", "<p>This sign-in has expired. Start again from the counter.</p>"));
      }
    });
  });
  options.log?.("warn", "DEVELOPMENT login provider started: demo identities, not for real citizens.", {
    issuer,
    accounts: DEV_ACCOUNTS.map((a) => a.login),
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

async function showLogin(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const choices = DEV_ACCOUNTS.map(
    (a, i) =>
      `<label><input type="radio" name="login" value="${escape(a.login)}"${i === 0 ? " checked" : ""}> ` +
      `${escape(a.claims.given_name)} ${escape(a.claims.family_name)}, ${escape(a.claims.birthdate)} ` +
      `<small>(${escape(a.label)})</small></label>`,
  ).join("\n");
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(
    page(
      "Sign in",
      `<form method="post" action="/interaction/${escape(details.uid)}/login">
<fieldset><legend>Demo citizen</legend>
${choices}
</fieldset>
<button type="submit">Sign in</button>
</form>`,
    ),
  );
}

async function login(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "POST") throw new Error("The login form is sent with POST.");
  const body = await readForm(req);
  const id = body.get("login") ?? "";
  if (!DEV_ACCOUNTS.some((a) => a.login === id)) throw new Error("Unknown demo citizen.");
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: id } },
    { mergeWithLastSubmission: false },
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let text = "";
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 4096) throw new Error("Form too large.");
  }
  return new URLSearchParams(text);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>DEVELOPMENT login: ${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
.dev{background:#b00020;color:#fff;padding:.75rem 1rem;font-weight:bold}label{display:block;margin:.5rem 0}
button{margin-top:1rem;padding:.5rem 1.5rem;font-size:1rem}</style></head>
<body><p class="dev" role="alert">DEVELOPMENT login of Sceau: demo identities only. A canton's real login replaces it (SCEAU_OIDC_ISSUER).</p>
<h1>${escape(title)}</h1>
${body}
</body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
