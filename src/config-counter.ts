/**
 * The online counter's part of the configuration: the canton's login (OpenID Connect), the
 * office's register connector, the mail relay and, per office, the fee and the QR-bill's
 * creditor. Parsed by src/config.ts from the same environment; documented in the
 * "Configuration" table of docs/operations.md.
 * @module
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as z from "zod";
import { SceauError } from "./core/errors.ts";
import type { ClaimMapping, OfficeCreditor } from "./counter/ports.ts";

/** The standard OpenID Connect claims (`profile`, `address`, `email` scopes). */
export const DEFAULT_CLAIMS: ClaimMapping = {
  lastName: "family_name",
  firstNames: "given_name",
  dateOfBirth: "birthdate",
  street: "address.street_address",
  houseNumber: null,
  postalCode: "address.postal_code",
  town: "address.locality",
  country: "address.country",
  email: "email",
};

interface IdentityConfig {
  /** The provider's issuer URL; null: the embedded development provider (local chain only). */
  readonly issuer: string | null;
  readonly clientId: string;
  readonly clientSecret: string | null;
  readonly scopes: readonly string[];
  readonly claims: ClaimMapping;
  /** Where the provider sends the browser back: `<public URL>/counter/callback` by default. */
  readonly redirectUrl: string;
  /** Each call to the provider (discovery, token, userinfo) gives up after this. */
  readonly timeoutMs: number;
  /** Port of the embedded development provider on 127.0.0.1 (0: any free port). */
  readonly devPort: number;
}

interface RegisterConfig {
  /** Base URL of the register connector (v1); null: the embedded demo register (local chain only). */
  readonly url: string | null;
  readonly token: string | null;
  readonly timeoutMs: number;
}

interface MailConfig {
  /** `smtp://` or `smtps://` URL of the relay; null: messages are written to `<data dir>/outbox/`. */
  readonly smtpUrl: string | null;
  /** The relay's password for the URL's user name, from `SCEAU_SMTP_PASSWORD_FILE`; null: the URL's own, if any. */
  readonly password: string | null;
  readonly from: string;
  readonly timeoutMs: number;
}

/** What an office's counter asks for: its fee and the account the QR-bill pays into. */
export interface OfficePaymentConfig extends OfficeCreditor {
  /** The fee in centimes (CHF 17.00 = 1700). */
  readonly feeCents: number;
}

/** Text the Swiss QR Code can carry (QR-bill 2.3: Basic Latin, Latin-1, Latin Extended-A, Ș ș Ț ț, €). */
const billText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\u0020-\u007E\u00A0-\u00FF\u0100-\u017F\u0218-\u021B\u20AC]+$/, {
      message: "must use only the characters of the Swiss QR Code (Latin letters)",
    });

export const officePaymentSchema = z.strictObject({
  feeCents: z.number().int().min(0).max(100_000_00).default(1700),
  qrIban: z
    .string()
    .transform((s) => s.replace(/\s+/g, "").toUpperCase())
    .refine((s) => /^(CH|LI)\d{2}3[01]\d{3}[0-9A-Z]{12}$/.test(s), {
      message: "must be a Swiss or Liechtenstein QR-IBAN (institution id 30000–31999)",
    }),
  creditor: z.strictObject({
    name: billText(70),
    street: billText(70),
    houseNumber: billText(16).optional(),
    postalCode: billText(16),
    town: billText(35),
    country: z.string().regex(/^[A-Z]{2}$/),
  }),
  referencePrefix: z
    .string()
    .regex(/^\d{0,12}$/, { message: "must be at most 12 digits" })
    .default(""),
});

const whole = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: "must be a whole number" })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `must be between ${min} and ${max}` });
const httpUrl = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" });

export const counterEnvShape = {
  SCEAU_OIDC_ISSUER: httpUrl.optional(),
  SCEAU_OIDC_CLIENT_ID: z.string().min(1).optional(),
  SCEAU_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  SCEAU_OIDC_CLIENT_SECRET_FILE: z.string().min(1).optional(),
  SCEAU_OIDC_SCOPES: z.string().min(1).default("openid profile email address"),
  SCEAU_OIDC_CLAIMS: z.string().min(2).optional(),
  SCEAU_OIDC_REDIRECT_URL: httpUrl.optional(),
  SCEAU_OIDC_TIMEOUT_MS: whole(100, 120_000).default(5000),
  SCEAU_DEV_OIDC_PORT: whole(0, 65535).default(0),
  SCEAU_REGISTER_URL: httpUrl.optional(),
  SCEAU_REGISTER_TOKEN: z.string().min(1).optional(),
  SCEAU_REGISTER_TOKEN_FILE: z.string().min(1).optional(),
  SCEAU_REGISTER_TIMEOUT_MS: whole(100, 120_000).default(5000),
  SCEAU_SMTP_URL: z.url({ protocol: /^smtps?$/, message: "must be an smtp:// or smtps:// URL" }).optional(),
  SCEAU_MAIL_FROM: z.string().min(3).optional(),
  SCEAU_SMTP_PASSWORD_FILE: z.string().min(1).optional(),
  SCEAU_SMTP_TIMEOUT_MS: whole(100, 300_000).default(10_000),
};

type CounterEnv = z.output<z.ZodObject<typeof counterEnvShape>>;

export interface CounterConfig {
  /** null: no login configured (not the local chain and no `SCEAU_OIDC_ISSUER`): no counter. */
  readonly identity: IdentityConfig | null;
  /** null: no register connector outside development: no counter. */
  readonly register: RegisterConfig | null;
  readonly mail: MailConfig | null;
}

/** The counter's configuration; `local` is true on the local development chain. */
export function counterConfig(
  e: CounterEnv,
  ctx: { local: boolean; publicUrl: string; cwd: string },
): CounterConfig {
  const secret = secretOf(
    e.SCEAU_OIDC_CLIENT_SECRET,
    e.SCEAU_OIDC_CLIENT_SECRET_FILE,
    "SCEAU_OIDC_CLIENT_SECRET",
    ctx.cwd,
  );
  if (e.SCEAU_OIDC_ISSUER !== undefined && e.SCEAU_OIDC_CLIENT_ID === undefined) {
    throw new SceauError("CONFIG_INVALID", "With SCEAU_OIDC_ISSUER set, SCEAU_OIDC_CLIENT_ID is required.");
  }
  for (const [name, value] of [
    ["SCEAU_OIDC_ISSUER", e.SCEAU_OIDC_ISSUER],
    ["SCEAU_REGISTER_URL", e.SCEAU_REGISTER_URL],
  ] as const) {
    // Tokens and personal data never cross a network in clear; plain HTTP only on this machine.
    if (value !== undefined && value.startsWith("http:") && !isLoopback(new URL(value).hostname)) {
      throw new SceauError("CONFIG_INVALID", `${name} must be an https URL (http only on 127.0.0.1).`);
    }
  }
  const scopes = e.SCEAU_OIDC_SCOPES.split(/[\s,]+/).filter((s) => s.length > 0);
  if (!scopes.includes("openid")) {
    throw new SceauError("CONFIG_INVALID", "SCEAU_OIDC_SCOPES must include openid.");
  }
  const identity: IdentityConfig | null =
    e.SCEAU_OIDC_ISSUER === undefined && !ctx.local
      ? null
      : {
          issuer: e.SCEAU_OIDC_ISSUER ?? null,
          clientId: e.SCEAU_OIDC_CLIENT_ID ?? "sceau-counter-dev",
          clientSecret: secret,
          scopes,
          claims: claimsOf(e.SCEAU_OIDC_CLAIMS),
          redirectUrl: e.SCEAU_OIDC_REDIRECT_URL ?? `${ctx.publicUrl}/counter/callback`,
          timeoutMs: e.SCEAU_OIDC_TIMEOUT_MS,
          devPort: e.SCEAU_DEV_OIDC_PORT,
        };
  const token = secretOf(
    e.SCEAU_REGISTER_TOKEN,
    e.SCEAU_REGISTER_TOKEN_FILE,
    "SCEAU_REGISTER_TOKEN",
    ctx.cwd,
  );
  const register: RegisterConfig | null =
    e.SCEAU_REGISTER_URL === undefined && !ctx.local
      ? null
      : { url: e.SCEAU_REGISTER_URL ?? null, token, timeoutMs: e.SCEAU_REGISTER_TIMEOUT_MS };
  const mail: MailConfig | null =
    e.SCEAU_SMTP_URL === undefined && !ctx.local
      ? null
      : {
          smtpUrl: e.SCEAU_SMTP_URL ?? null,
          password: secretOf(undefined, e.SCEAU_SMTP_PASSWORD_FILE, "SCEAU_SMTP_PASSWORD", ctx.cwd),
          from: e.SCEAU_MAIL_FROM ?? `Sceau <no-reply@${new URL(ctx.publicUrl).hostname}>`,
          timeoutMs: e.SCEAU_SMTP_TIMEOUT_MS,
        };
  return { identity, register, mail };
}

const isLoopback = (host: string): boolean => ["127.0.0.1", "[::1]", "localhost"].includes(host);

/** A secret given inline or, better, in a file (a mounted secret); never both. */
function secretOf(
  inline: string | undefined,
  file: string | undefined,
  name: string,
  cwd: string,
): string | null {
  if (inline !== undefined && file !== undefined) {
    throw new SceauError("CONFIG_INVALID", `Set ${name} or ${name}_FILE, not both.`);
  }
  if (file === undefined) return inline ?? null;
  try {
    const value = readFileSync(resolve(cwd, file), "utf8").trim();
    if (value.length > 0) return value;
  } catch (cause) {
    throw new SceauError("CONFIG_INVALID", `${name}_FILE: cannot read ${file}.`, { cause });
  }
  throw new SceauError("CONFIG_INVALID", `${name}_FILE: ${file} is empty.`);
}

const claimPath = z.string().regex(/^[A-Za-z0-9_:\-.]+$/, { message: "must be a claim name or dot path" });
const claimsSchema = z.strictObject({
  lastName: claimPath.optional(),
  firstNames: claimPath.optional(),
  dateOfBirth: claimPath.optional(),
  street: claimPath.optional(),
  houseNumber: claimPath.nullable().optional(),
  postalCode: claimPath.optional(),
  town: claimPath.optional(),
  country: claimPath.optional(),
  email: claimPath.nullable().optional(),
});

/** SCEAU_OIDC_CLAIMS: a JSON object overriding some of {@link DEFAULT_CLAIMS}. */
function claimsOf(text: string | undefined): ClaimMapping {
  if (text === undefined) return DEFAULT_CLAIMS;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new SceauError("CONFIG_INVALID", "SCEAU_OIDC_CLAIMS must be a JSON object.", { cause });
  }
  const parsed = claimsSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new SceauError("CONFIG_INVALID", `SCEAU_OIDC_CLAIMS: ${lines.join("; ")}`);
  }
  const defined = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_CLAIMS, ...defined };
}
