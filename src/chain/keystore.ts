/**
 * Keys from encrypted JSON keystores, the Web3 Secret Storage format (version 3) that ethers,
 * geth and Foundry's `cast wallet` read and write: scrypt (or PBKDF2) derives a key from the
 * password, its second half authenticates the ciphertext (a Keccak-256 MAC), its first half
 * decrypts it (AES-128-CTR). Decrypted with Node's native scrypt, once at start-up: ethers'
 * JavaScript scrypt takes seconds per key at the standard cost (N = 2^17).
 * @module
 */
import { createDecipheriv, pbkdf2Sync, scryptSync, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Wallet, getAddress, getBytes, keccak256 } from "ethers";
import * as z from "zod";
import { SceauError } from "../core/errors.ts";

const hex = z.string().regex(/^(0x)?[0-9a-fA-F]*$/);

const keystoreSchema = z.object({
  version: z.literal(3),
  address: hex.optional(),
  crypto: z.object({
    cipher: z.literal("aes-128-ctr"),
    ciphertext: hex,
    cipherparams: z.object({ iv: hex }),
    kdf: z.enum(["scrypt", "pbkdf2"]),
    kdfparams: z.object({
      salt: hex,
      dklen: z.number().int().min(32).max(64),
      n: z.number().int().positive().optional(),
      r: z.number().int().positive().optional(),
      p: z.number().int().positive().optional(),
      c: z.number().int().positive().optional(),
      prf: z.literal("hmac-sha256").optional(),
    }),
    mac: hex,
  }),
});

const bytes = (h: string): Buffer => Buffer.from(getBytes(h.startsWith("0x") ? h : `0x${h}`));

/** The address a keystore declares, read without its password (it is not secret). */
export function keystoreAddress(path: string, name: string): string {
  const parsed = keystoreSchema.safeParse(readJson(path, name));
  if (!parsed.success || !parsed.data.address) {
    throw new SceauError("CONFIG_INVALID", `${name}: ${path} is not a keystore naming its address.`);
  }
  return getAddress(`0x${parsed.data.address.replace(/^0x/, "")}`);
}

/**
 * The private key (0x-hex) in the keystore at `path`, decrypted with `password`.
 * @throws {SceauError} `CONFIG_INVALID` naming `name` (the variable) when the file cannot be
 * read, is not a keystore, the password is wrong, or the key is not the declared address's
 */
export function readKeystore(path: string, password: string, name: string): string {
  const parsed = keystoreSchema.safeParse(readJson(path, name));
  if (!parsed.success) {
    throw new SceauError("CONFIG_INVALID", `${name}: ${path} is not a Web3 Secret Storage (v3) keystore.`);
  }
  const { crypto: c, address } = parsed.data;
  const k = c.kdfparams;
  const salt = bytes(k.salt);
  let derived: Buffer;
  try {
    if (c.kdf === "scrypt") {
      const [N, r, p] = [k.n ?? 0, k.r ?? 0, k.p ?? 0];
      derived = scryptSync(password, salt, k.dklen, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
    } else {
      derived = pbkdf2Sync(password, salt, k.c ?? 0, k.dklen, "sha256");
    }
  } catch (cause) {
    throw new SceauError("CONFIG_INVALID", `${name}: ${path} has key derivation parameters out of range.`, {
      cause,
    });
  }
  const ciphertext = bytes(c.ciphertext);
  const mac = bytes(keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext])));
  const expected = bytes(c.mac);
  if (expected.length !== mac.length || !timingSafeEqual(expected, mac)) {
    throw new SceauError("CONFIG_INVALID", `${name}: wrong password for ${path}.`);
  }
  const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), bytes(c.cipherparams.iv));
  const key = `0x${Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("hex")}`;
  let wallet: Wallet;
  try {
    wallet = new Wallet(key);
  } catch (cause) {
    throw new SceauError("CONFIG_INVALID", `${name}: ${path} does not hold a valid key.`, { cause });
  }
  if (address && getAddress(`0x${address.replace(/^0x/, "")}`) !== wallet.address) {
    throw new SceauError("CONFIG_INVALID", `${name}: ${path} holds the key of another address.`);
  }
  return key;
}

/** The variables {@link loadKeys} reads, as src/config.ts parsed them. */
interface KeyVariables {
  readonly SCEAU_CHAIN_ID: number;
  readonly SCEAU_ADMIN_KEY?: string | undefined;
  readonly SCEAU_ISSUER_KEY?: string | undefined;
  readonly SCEAU_REVOKER_KEY?: string | undefined;
  readonly SCEAU_ADMIN_KEYSTORE?: string | undefined;
  readonly SCEAU_ISSUER_KEYSTORE?: string | undefined;
  readonly SCEAU_REVOKER_KEYSTORE?: string | undefined;
  readonly SCEAU_KEYSTORE_PASSWORD_FILE?: string | undefined;
}

/**
 * The admin, issuer and revoker keys: from their keystores (decrypted with the password file),
 * or as plain keys in variables on a development chain only. A plain key on any other chain is
 * refused: it sits in the environment of every process and in every crash dump.
 */
export function loadKeys(
  e: KeyVariables,
  development: boolean,
  cwd: string,
): { admin?: string; issuer?: string; revoker?: string; password: () => string } {
  let password: string | undefined;
  const readPassword = (): string => {
    if (!e.SCEAU_KEYSTORE_PASSWORD_FILE) {
      throw new SceauError(
        "CONFIG_INVALID",
        "A keystore is configured: SCEAU_KEYSTORE_PASSWORD_FILE is required.",
      );
    }
    password ??= readPasswordFile(
      resolve(cwd, e.SCEAU_KEYSTORE_PASSWORD_FILE),
      "SCEAU_KEYSTORE_PASSWORD_FILE",
    );
    return password;
  };
  const one = (role: "ADMIN" | "ISSUER" | "REVOKER"): string | undefined => {
    const plain = e[`SCEAU_${role}_KEY`];
    const keystore = e[`SCEAU_${role}_KEYSTORE`];
    if (plain && keystore) {
      throw new SceauError("CONFIG_INVALID", `Set SCEAU_${role}_KEY or SCEAU_${role}_KEYSTORE, not both.`);
    }
    if (plain && !development) {
      throw new SceauError(
        "CONFIG_INVALID",
        `SCEAU_${role}_KEY: plain keys are accepted on a development chain only (chain ${e.SCEAU_CHAIN_ID} is not one); use SCEAU_${role}_KEYSTORE.`,
      );
    }
    if (keystore) return readKeystore(resolve(cwd, keystore), readPassword(), `SCEAU_${role}_KEYSTORE`);
    return plain;
  };
  const admin = one("ADMIN");
  const issuer = one("ISSUER");
  const revoker = one("REVOKER");
  return {
    ...(admin ? { admin } : {}),
    ...(issuer ? { issuer } : {}),
    ...(revoker ? { revoker } : {}),
    password: readPassword,
  };
}

/** The password in `path`, without the line break an editor adds at its end. */
export function readPasswordFile(path: string, name: string): string {
  try {
    return readFileSync(path, "utf8").replace(/\r?\n$/, "");
  } catch (cause) {
    throw new SceauError("CONFIG_INVALID", `${name}: cannot read ${path}.`, { cause });
  }
}

/** The file's JSON, with `Crypto` (as ethers writes it) read as `crypto` (as geth does). */
function readJson(path: string, name: string): unknown {
  try {
    const json = JSON.parse(readFileSync(path, "utf8")) as unknown;
    if (typeof json === "object" && json !== null && "Crypto" in json && !("crypto" in json)) {
      const { Crypto, ...rest } = json as Record<string, unknown>;
      return { ...rest, crypto: Crypto };
    }
    return json;
  } catch (cause) {
    throw new SceauError("CONFIG_INVALID", `${name}: cannot read JSON from ${path}.`, { cause });
  }
}
