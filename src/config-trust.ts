/**
 * The offices and the trust list of the configuration: SCEAU_OFFICES_FILE (this service's
 * offices, with their optional own issuer keystores) and SCEAU_TRUST_LIST_FILE (the registries a
 * verifier trusts and their offices, docs/verdict.md). Parsed by src/config.ts, whose
 * `loadConfig` is the only entry point; documented in the "Configuration" table of
 * docs/operations.md.
 * @module
 */
import { readFileSync } from "node:fs";
import { computeAddress, getAddress } from "ethers";
import * as z from "zod";
import type { OfficePaymentConfig } from "./config-counter.ts";
import { officePaymentSchema } from "./config-counter.ts";
import { SceauError } from "./core/errors.ts";
import { LANGUAGES, type Language } from "./core/extract.ts";
import { isCantonCode, type TrustOffice } from "./core/trust.ts";

export interface OfficeConfig {
  readonly id: string;
  readonly name: string;
  readonly addressLines: readonly string[];
  readonly canton: string;
  readonly place: string;
  readonly language: Language;
  /** The office's name in each language, for the verification page (default: `name` in all four). */
  readonly names?: Readonly<Record<Language, string>> | undefined;
  /** SHA-256 of the office's bearer token, lower-case hex. The token itself is never stored. */
  readonly tokenSha256: string;
  /** The online counter's fee and QR-bill creditor; absent: this office has no counter. */
  readonly payment?: OfficePaymentConfig | undefined;
  /** The postal codes of the office's district: the online counter sends their residents here. */
  readonly district?: readonly string[] | undefined;
  /**
   * The office's own issuer key (from its `issuerKeystore`), so that a stolen key of one office
   * cannot anchor for another; null: the service's issuer key.
   */
  readonly issuerKey: string | null;
}

export interface TrustedRegistryConfig {
  readonly chainId: number;
  readonly address: string;
  readonly name: string;
  /** JSON-RPC endpoint used to read this registry. */
  readonly rpcUrl: string;
  /**
   * Base URL of the registry's official verification page, without a trailing slash: its
   * extracts' QR codes are exactly `<verifyUrl>/v#<seal>` (for this service's own registry,
   * `SCEAU_PUBLIC_URL`).
   */
  readonly verifyUrl: string;
  /** The registry's offices: who the verifier names as the issuer (docs/verdict.md). */
  readonly offices: readonly TrustOffice[];
}

const url = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" });

const languageNames = z.strictObject({
  fr: z.string().min(1),
  de: z.string().min(1),
  it: z.string().min(1),
  en: z.string().min(1),
});

const officeSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/),
  name: z.string().min(1),
  addressLines: z.array(z.string()).max(4),
  canton: z.string().regex(/^[A-Z]{2}$/),
  place: z.string().min(1),
  language: z.enum(LANGUAGES),
  names: languageNames.optional(),
  tokenSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { message: "must be the SHA-256 of the token in lower-case hex" }),
  payment: officePaymentSchema.optional(),
  district: z
    .array(z.string().regex(/^\d{4}$/, { message: "must be a four-digit postal code" }))
    .max(2000)
    .optional(),
  /** Path of the office's own issuer keystore (same password file as the others). */
  issuerKeystore: z.string().min(1).optional(),
});

/** An office of a trusted registry (docs/verdict.md): its names, canton, address and accounts. */
const trustOfficeSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/),
  name: languageNames,
  canton: z.string().refine(isCantonCode, { message: "must be a canton code (JU, BE, ...)" }),
  address: z.string().min(1),
  accounts: z.array(z.string().regex(/^0x[0-9a-fA-F]{40}$/, { message: "must be a 0x address" })).min(1),
});

const trustedSchema = z.strictObject({
  chainId: z.number().int().positive(),
  address: z.string(),
  name: z.string().min(1),
  rpcUrl: url,
  verifyUrl: url,
  offices: z.array(trustOfficeSchema).default([]),
});

/**
 * The offices of SCEAU_OFFICES_FILE at `path`; `readIssuerKey` reads an office's own issuer
 * keystore (the configuration's password file).
 */
export function readOffices(
  path: string,
  readIssuerKey: (keystore: string, office: string) => string,
): OfficeConfig[] {
  return readJsonFile(path, z.array(officeSchema).min(1), "SCEAU_OFFICES_FILE").map(
    ({ issuerKeystore, ...o }): OfficeConfig => ({
      ...o,
      issuerKey: issuerKeystore ? readIssuerKey(issuerKeystore, o.id) : null,
    }),
  );
}

/** The further trusted registries of SCEAU_TRUST_LIST_FILE at `path`. */
export function readTrustList(path: string): TrustedRegistryConfig[] {
  return readJsonFile(path, z.array(trustedSchema), "SCEAU_TRUST_LIST_FILE").map((t) => ({
    ...t,
    address: parseAddress(t.address, "SCEAU_TRUST_LIST_FILE"),
    verifyUrl: t.verifyUrl.replace(/\/+$/, ""),
  }));
}

/**
 * The trust list's entry of this service's own registry. The trust list file's own entry names
 * the offices; else this service's offices (the demo office without a file), each anchoring with
 * its own issuer key's account, or the service's (`issuerAccount`).
 */
export function ownRegistryEntry(
  registry: Omit<TrustedRegistryConfig, "offices">,
  offices: readonly OfficeConfig[] | null,
  extra: readonly TrustedRegistryConfig[],
  issuerAccount: string,
): TrustedRegistryConfig {
  const listed = extra.find((t) => t.chainId === registry.chainId && t.address === registry.address);
  return {
    ...registry,
    offices:
      listed && listed.offices.length > 0
        ? listed.offices
        : (offices ?? [DEMO_OFFICE]).map((o) =>
            ownOffice(o, o.issuerKey ? computeAddress(o.issuerKey) : issuerAccount),
          ),
  };
}

export function parseAddress(value: string, name: string): string {
  try {
    return getAddress(value);
  } catch (cause) {
    throw new SceauError("CONFIG_INVALID", `${name}: ${value} is not an address.`, { cause });
  }
}

export function readJsonFile<T>(path: string, schema: z.ZodType<T>, name: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new SceauError("CONFIG_INVALID", `${name}: cannot read JSON from ${path}.`, { cause });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new SceauError("CONFIG_INVALID", `${name}: ${lines.join("; ")}`);
  }
  return parsed.data;
}

/**
 * The development demo office (no SCEAU_OFFICES_FILE), without its token: `src/wiring/offices.ts`
 * adds one kept in the data directory.
 */
export const DEMO_OFFICE: Omit<OfficeConfig, "tokenSha256"> = {
  id: "demo",
  name: "Office des poursuites de Delémont",
  names: {
    fr: "Office des poursuites de Delémont",
    de: "Betreibungsamt Delémont",
    it: "Ufficio d'esecuzione di Delémont",
    en: "Debt Collection Office of Delémont",
  },
  addressLines: ["Rue de l'Exemple 1", "2800 Delémont"],
  canton: "JU",
  place: "Delémont",
  language: "fr",
  issuerKey: null,
};

/** One of this service's offices as its own registry's trust list names it. */
function ownOffice(o: Omit<OfficeConfig, "tokenSha256">, account: string): TrustOffice {
  return {
    id: o.id,
    name: o.names ?? { fr: o.name, de: o.name, it: o.name, en: o.name },
    canton: o.canton,
    address: o.addressLines.join(", "),
    accounts: [account],
  };
}
