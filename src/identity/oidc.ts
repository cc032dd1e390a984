/**
 * The canton's login over OpenID Connect (openid-client, an OpenID Certified relying party):
 * authorization code flow with PKCE (S256), `state` and `nonce`; the ID token is checked by the
 * library (signature, issuer, audience, expiry, nonce) and the citizen's facts are read from
 * userinfo, mapped by configuration (src/identity/claims.ts). Any standard provider works by
 * its issuer URL (discovery). Every call to the provider has a time limit.
 * @module
 */
import * as client from "openid-client";
import { SceauError } from "../core/errors.ts";
import type { CitizenIdentity, ClaimMapping, IdentityPort, PendingSignIn } from "../counter/ports.ts";
import { identityFromClaims } from "./claims.ts";

export interface OidcOptions {
  readonly issuer: string;
  readonly clientId: string;
  /** null: a public client (PKCE only). */
  readonly clientSecret: string | null;
  readonly scopes: readonly string[];
  readonly claims: ClaimMapping;
  /** Registered with the provider; the callback's parameters are read onto this URL. */
  readonly redirectUrl: string;
  readonly timeoutMs: number;
}

/** Plain-HTTP providers are accepted on the loopback only (the development login). */
function isLoopback(url: URL): boolean {
  return ["127.0.0.1", "[::1]", "localhost"].includes(url.hostname);
}

/**
 * Failures of the provider itself (unreachable, slow, 5xx) are `IDENTITY_UNAVAILABLE`; an
 * answer that refuses the sign-in or fails a check (state, nonce, code, signature) is
 * `IDENTITY_REJECTED`.
 */
function classify(e: unknown, what: string): SceauError {
  if (e instanceof SceauError) return e;
  for (let c: unknown = e, depth = 0; c !== undefined && c !== null && depth < 6; depth++) {
    const name = (c as { name?: unknown }).name;
    const status = (c as { status?: unknown }).status;
    if (c instanceof TypeError || name === "TimeoutError" || name === "AbortError") {
      return new SceauError("IDENTITY_UNAVAILABLE", `The login provider did not answer (${what}).`, {
        cause: e,
      });
    }
    if (typeof status === "number" && status >= 500) {
      return new SceauError("IDENTITY_UNAVAILABLE", `The login provider failed (${what}, HTTP ${status}).`, {
        cause: e,
      });
    }
    if (c instanceof Response && c.status >= 500) {
      return new SceauError(
        "IDENTITY_UNAVAILABLE",
        `The login provider failed (${what}, HTTP ${c.status}).`,
        {
          cause: e,
        },
      );
    }
    c = (c as { cause?: unknown }).cause;
  }
  return new SceauError("IDENTITY_REJECTED", `The login provider's answer was refused (${what}).`, {
    cause: e,
  });
}

export function oidcIdentity(options: OidcOptions): IdentityPort {
  const issuer = new URL(options.issuer);
  let configuration: Promise<client.Configuration> | null = null;

  /** Discovery once, kept; a failed one is tried again at the next sign-in. */
  function discover(): Promise<client.Configuration> {
    configuration ??= client
      .discovery(
        issuer,
        options.clientId,
        undefined,
        options.clientSecret === null ? client.None() : client.ClientSecretBasic(options.clientSecret),
        {
          timeout: options.timeoutMs / 1000,
          ...(issuer.protocol === "http:" && isLoopback(issuer)
            ? // eslint-disable-next-line @typescript-eslint/no-deprecated -- plain HTTP on the loopback only: the development login
              { execute: [client.allowInsecureRequests] }
            : {}),
        },
      )
      .catch((e: unknown) => {
        configuration = null;
        throw classify(e, "discovery");
      });
    return configuration;
  }

  return {
    async begin(begin = {}) {
      const config = await discover();
      const pending: PendingSignIn = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUrl,
        response_type: "code",
        scope: options.scopes.join(" "),
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: "S256",
        ...(begin.language === undefined ? {} : { ui_locales: `${begin.language}-CH ${begin.language}` }),
      });
      return { url: url.href, pending };
    },

    async complete(callbackUrl, pending): Promise<CitizenIdentity> {
      const config = await discover();
      // The provider sent the browser to the registered URL: check the answer against that one,
      // whatever host or scheme this server saw the request on behind its proxy.
      const current = new URL(options.redirectUrl);
      current.search = callbackUrl.search;
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (e) {
        throw classify(e, "token");
      }
      const idToken = tokens.claims();
      if (idToken === undefined)
        throw new SceauError("IDENTITY_REJECTED", "The login provider gave no ID token.");
      let userinfo: client.UserInfoResponse;
      try {
        userinfo = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      } catch (e) {
        throw classify(e, "userinfo");
      }
      return identityFromClaims(idToken.iss, idToken.sub, { ...idToken, ...userinfo }, options.claims);
    },
  };
}
