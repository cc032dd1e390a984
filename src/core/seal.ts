/**
 * Seal v1: the compact binary record printed in an extract's QR code. It carries the key data
 * to compare with the paper, the facts needed to check the chain, and the Merkle proof.
 *
 * The byte layout is in docs/formats.md; frozen vectors in `seal.test.ts` pin it.
 * A seal is `body ‖ proof`: the body is what is hashed into the leaf (it includes the version
 * byte), the proof is appended once the batch is closed.
 *
 * The body of an extract's seal is built in `seal-body.ts`; the seal's text forms (the QR link,
 * the printed document id) are `qr-text.ts`.
 * @module
 */
import { concatBytes, fromUtf8, utf8, utf8Into } from "./bytes.ts";
import { isIsoDate, type IsoDate } from "./dates.ts";
import { SceauError } from "./errors.ts";
import { MAX_PROOF_LENGTH } from "./merkle.ts";
import { forbiddenCharacter } from "./text.ts";

export const SEAL_VERSION = 1;
export const DOCUMENT_ID_LENGTH = 10;
export const SALT_LENGTH = 16;
const ADDRESS_LENGTH = 20;
const DIGEST_LENGTH = 32;
/** Far above any real seal (about 200 bytes plus 32 per proof level), far below a QR's 2,953. */
export const MAX_SEAL_LENGTH = 2048;
export const ROOT_HINT_LENGTH = 4;
const MAX_STRING_BYTES = 600;

export interface RegistryRef {
  /** EIP-155 chain id. */
  readonly chainId: number;
  /** 20-byte contract address. */
  readonly address: Uint8Array;
}

export type SealDebtor =
  | {
      readonly type: "person";
      readonly lastName: string;
      readonly firstNames: string;
      readonly dateOfBirth: IsoDate;
    }
  | { readonly type: "company"; readonly name: string; readonly uid: string };

export interface SealSummary {
  readonly entries: number;
  readonly openEntries: number;
  readonly openAmountCents: number;
  readonly lossCertificates: number;
  readonly lossAmountCents: number;
}

export interface SealBody {
  readonly registry: RegistryRef;
  readonly documentId: Uint8Array;
  readonly salt: Uint8Array;
  /** Unix time in seconds. */
  readonly issuedAt: number;
  readonly office: string;
  readonly debtor: SealDebtor;
  readonly country: string;
  readonly postalCode: string;
  readonly town: string;
  readonly coverage: { readonly from: IsoDate; readonly to: IsoDate };
  readonly summary: SealSummary;
  /** SHA-256 of revision 1 of the PDF (the extract before the QR was stamped). */
  readonly pdfDigest: Uint8Array;
}

export interface Seal {
  readonly body: SealBody;
  /**
   * The first {@link ROOT_HINT_LENGTH} bytes of the batch root. Recomputing the root from the
   * body and proof and comparing it with the hint detects altered data offline, before any chain
   * read, and tells a broken proof apart from a root that is not anchored.
   */
  readonly rootHint: Uint8Array;
  readonly proof: readonly Uint8Array[];
}

export interface DecodedSeal {
  readonly seal: Seal;
  /** The body bytes exactly as received: what the leaf is computed from. */
  readonly bodyBytes: Uint8Array;
}

// ---------------------------------------------------------------------------------------------
// Encoding

/**
 * Writes into one shared scratch buffer, then copies the result out: encoding allocates nothing
 * per field (a seal is encoded for every extract, so small allocations add up). Encoding is
 * synchronous, so one buffer serves every call.
 */
class Writer {
  private readonly buf = scratch;
  private at = 0;
  u8(v: number): void {
    this.buf[this.at++] = v;
  }
  u32(v: number): void {
    const b = this.buf;
    b[this.at] = v >>> 24;
    b[this.at + 1] = (v >>> 16) & 0xff;
    b[this.at + 2] = (v >>> 8) & 0xff;
    b[this.at + 3] = v & 0xff;
    this.at += 4;
  }
  uvarint(v: number): void {
    let n = v;
    while (n >= 0x80) {
      this.buf[this.at++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.at++] = n;
  }
  raw(b: Uint8Array): void {
    this.buf.set(b, this.at);
    this.at += b.length;
  }
  /**
   * A `uvarint` byte length and the UTF-8 bytes.
   * @throws {SceauError} `SEAL_FIELD_INVALID` beyond {@link MAX_STRING_BYTES} bytes
   */
  str(s: string): void {
    // The length prefix takes 1 byte below 128 and 2 up to MAX_STRING_BYTES: encode the text
    // after a 2-byte gap, then close the gap when the prefix needs 1 byte.
    const start = this.at;
    const target = this.buf.subarray(start + 2, start + 2 + MAX_STRING_BYTES + 4);
    const { read, written } = utf8Into(s, target);
    if (read !== s.length || written > MAX_STRING_BYTES) {
      throw new SceauError("SEAL_FIELD_INVALID", "Seal field cannot be encoded: text too long.");
    }
    if (written < 0x80) {
      this.buf[start] = written;
      this.buf.copyWithin(start + 1, start + 2, start + 2 + written);
      this.at = start + 1 + written;
    } else {
      this.at = start;
      this.uvarint(written);
      this.at += written;
    }
  }
  date(d: IsoDate): void {
    const y = Number(d.slice(0, 4));
    const m = Number(d.slice(5, 7));
    const day = Number(d.slice(8, 10));
    const packed = (y << 9) | (m << 5) | day;
    this.buf[this.at] = packed >>> 16;
    this.buf[this.at + 1] = (packed >>> 8) & 0xff;
    this.buf[this.at + 2] = packed & 0xff;
    this.at += 3;
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.at);
  }
}

/** Room for the largest body: fixed fields, five strings of MAX_STRING_BYTES, their prefixes. */
const scratch = new Uint8Array(MAX_SEAL_LENGTH + 6 * (MAX_STRING_BYTES + 4));

/**
 * Encodes the body of a seal: the bytes hashed into its Merkle leaf.
 * @throws {SceauError} `SEAL_FIELD_INVALID` when a field cannot be represented
 */
export function encodeSealBody(body: SealBody): Uint8Array {
  assertBody(body);
  const w = new Writer();
  w.u8(SEAL_VERSION);
  w.uvarint(body.registry.chainId);
  w.raw(body.registry.address);
  w.raw(body.documentId);
  w.raw(body.salt);
  w.u32(body.issuedAt);
  w.str(body.office);
  if (body.debtor.type === "person") {
    w.u8(1);
    w.str(body.debtor.lastName);
    w.str(body.debtor.firstNames);
    w.date(body.debtor.dateOfBirth);
  } else {
    w.u8(2);
    w.str(body.debtor.name);
    w.u32(Number(body.debtor.uid.replace(/\D/g, "")));
  }
  w.raw(utf8(body.country));
  w.str(body.postalCode);
  w.str(body.town);
  w.date(body.coverage.from);
  w.date(body.coverage.to);
  const s = body.summary;
  w.uvarint(s.entries);
  w.uvarint(s.openEntries);
  w.uvarint(s.openAmountCents);
  w.uvarint(s.lossCertificates);
  w.uvarint(s.lossAmountCents);
  w.raw(body.pdfDigest);
  return w.bytes();
}

/**
 * Appends the root hint and the proof to encoded body bytes: the whole seal.
 * @throws {SceauError} `SEAL_FIELD_INVALID` for a root shorter than the hint, a proof deeper
 * than {@link MAX_PROOF_LENGTH} or of hashes that are not 32 bytes; `SEAL_TOO_LARGE` beyond
 * {@link MAX_SEAL_LENGTH} bytes
 */
export function encodeSealWithBody(
  bodyBytes: Uint8Array,
  root: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array {
  if (root.length < ROOT_HINT_LENGTH) throw new SceauError("SEAL_FIELD_INVALID", "The root is too short.");
  if (proof.length > MAX_PROOF_LENGTH) {
    throw new SceauError("SEAL_FIELD_INVALID", `A proof has at most ${MAX_PROOF_LENGTH} levels.`);
  }
  for (const p of proof) {
    if (p.length !== DIGEST_LENGTH) throw new SceauError("SEAL_FIELD_INVALID", "Proof hashes are 32 bytes.");
  }
  const out = concatBytes(
    bodyBytes,
    Uint8Array.of(proof.length),
    root.subarray(0, ROOT_HINT_LENGTH),
    ...proof,
  );
  if (out.length > MAX_SEAL_LENGTH) {
    throw new SceauError("SEAL_TOO_LARGE", `A seal is at most ${MAX_SEAL_LENGTH} bytes.`);
  }
  return out;
}

/**
 * Encodes a whole seal: its body, root hint and proof.
 * @throws {SceauError} as {@link encodeSealBody} and {@link encodeSealWithBody}
 */
export function encodeSeal(seal: Seal): Uint8Array {
  return encodeSealWithBody(encodeSealBody(seal.body), seal.rootHint, seal.proof);
}

function assertBody(b: SealBody): void {
  const bad = (what: string): never => {
    throw new SceauError("SEAL_FIELD_INVALID", `Seal field cannot be encoded: ${what}.`);
  };
  if (!Number.isSafeInteger(b.registry.chainId) || b.registry.chainId <= 0) bad("chain id");
  if (b.registry.address.length !== ADDRESS_LENGTH) bad("registry address");
  if (b.documentId.length !== DOCUMENT_ID_LENGTH) bad("document id");
  if (b.salt.length !== SALT_LENGTH) bad("salt");
  if (!Number.isInteger(b.issuedAt) || b.issuedAt < 0 || b.issuedAt > 0xffffffff) bad("issue time");
  if (!/^[A-Z]{2}$/.test(b.country)) bad("country");
  if (b.pdfDigest.length !== DIGEST_LENGTH) bad("PDF digest");
  if (b.debtor.type === "person" && !isIsoDate(b.debtor.dateOfBirth)) bad("date of birth");
  if (b.debtor.type === "company" && !/^CHE-\d{3}\.\d{3}\.\d{3}$/.test(b.debtor.uid)) bad("UID");
  if (!isIsoDate(b.coverage.from) || !isIsoDate(b.coverage.to)) bad("coverage");
  for (const v of Object.values(b.summary)) if (!Number.isSafeInteger(v) || v < 0) bad("summary");
  const texts = b.debtor.type === "person" ? [b.debtor.lastName, b.debtor.firstNames] : [b.debtor.name];
  for (const t of [b.office, ...texts, b.postalCode, b.town]) {
    const c = forbiddenCharacter(t);
    if (c) bad(`the character ${c.codePoint}, which the decoder refuses`);
  }
  // Strings longer than MAX_STRING_BYTES are refused as they are written (Writer.str).
}

// ---------------------------------------------------------------------------------------------
// Decoding

class Reader {
  offset = 0;
  private readonly data: Uint8Array;
  constructor(data: Uint8Array) {
    this.data = data;
  }
  private need(n: number, what: string): void {
    if (this.offset + n > this.data.length) {
      throw new SceauError("SEAL_TRUNCATED", `The seal ends inside its ${what} (byte ${this.offset}).`);
    }
  }
  u8(what: string): number {
    this.need(1, what);
    return this.data[this.offset++] as number;
  }
  u32(what: string): number {
    this.need(4, what);
    const d = this.data;
    const o = this.offset;
    this.offset += 4;
    return (
      (((d[o] as number) << 24) >>> 0) +
      ((d[o + 1] as number) << 16) +
      ((d[o + 2] as number) << 8) +
      (d[o + 3] as number)
    );
  }
  uvarint(what: string): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.u8(what);
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (i > 0 && b === 0) throw invalid(`${what} is not minimally encoded`);
        if (!Number.isSafeInteger(result)) throw invalid(`${what} is too large`);
        return result;
      }
      scale *= 0x80;
    }
    throw invalid(`${what} is too long`);
  }
  raw(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.data.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  str(what: string): string {
    const n = this.uvarint(`${what} length`);
    if (n > MAX_STRING_BYTES) throw invalid(`${what} is too long`);
    const b = this.raw(n, what);
    let s: string;
    try {
      s = fromUtf8(b);
    } catch (cause) {
      throw new SceauError("SEAL_FIELD_INVALID", `The seal's ${what} is not valid UTF-8.`, { cause });
    }
    // What intake refuses (text.ts): a crafted seal must not reorder or hide what a page shows.
    const bad = forbiddenCharacter(s);
    if (bad) throw invalid(`${what} holds the character ${bad.codePoint}, which no extract may hold`);
    return s;
  }
  date(what: string): IsoDate {
    const b = this.raw(3, what);
    const packed = ((b[0] as number) << 16) | ((b[1] as number) << 8) | (b[2] as number);
    const d = `${String(packed >>> 9).padStart(4, "0")}-${String((packed >>> 5) & 15).padStart(2, "0")}-${String(packed & 31).padStart(2, "0")}`;
    if (!isIsoDate(d)) throw invalid(`${what} is not a valid date`);
    return d;
  }
  get remaining(): number {
    return this.data.length - this.offset;
  }
}

function invalid(what: string): SceauError {
  return new SceauError("SEAL_FIELD_INVALID", `The seal's ${what}.`);
}

/**
 * Decodes seal bytes, strictly: a known version, every field complete and well-formed, a proof
 * of at most {@link MAX_PROOF_LENGTH} hashes, and nothing after it.
 * @throws {SceauError} `SEAL_EMPTY`, `SEAL_TOO_LARGE`, `SEAL_UNKNOWN_VERSION`, `SEAL_TRUNCATED`,
 * `SEAL_FIELD_INVALID` or `SEAL_TRAILING_BYTES`
 */
export function decodeSeal(bytes: Uint8Array): DecodedSeal {
  if (bytes.length === 0) throw new SceauError("SEAL_EMPTY", "The seal is empty.");
  if (bytes.length > MAX_SEAL_LENGTH) {
    throw new SceauError("SEAL_TOO_LARGE", `A seal is at most ${MAX_SEAL_LENGTH} bytes.`);
  }
  const r = new Reader(bytes);
  const version = r.u8("version");
  if (version !== SEAL_VERSION) {
    throw new SceauError(
      "SEAL_UNKNOWN_VERSION",
      `Seal version ${version} is not supported (expected ${SEAL_VERSION}).`,
    );
  }
  const chainId = r.uvarint("chain id");
  if (chainId === 0) throw invalid("chain id is zero");
  const address = r.raw(ADDRESS_LENGTH, "registry address");
  const documentId = r.raw(DOCUMENT_ID_LENGTH, "document id");
  const salt = r.raw(SALT_LENGTH, "salt");
  const issuedAt = r.u32("issue time");
  const office = r.str("office");
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(office)) throw invalid("office is not an office identifier");
  const kind = r.u8("debtor type");
  let debtor: SealDebtor;
  if (kind === 1) {
    const lastName = r.str("last name");
    const firstNames = r.str("first names");
    const dateOfBirth = r.date("date of birth");
    debtor = { type: "person", lastName, firstNames, dateOfBirth };
  } else if (kind === 2) {
    const name = r.str("company name");
    const uidNumber = r.u32("UID");
    if (uidNumber > 999_999_999) throw invalid("UID is out of range");
    const digits = String(uidNumber).padStart(9, "0");
    debtor = {
      type: "company",
      name,
      uid: `CHE-${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6)}`,
    };
  } else {
    throw invalid(`debtor type ${kind} is unknown`);
  }
  const countryBytes = r.raw(2, "country");
  const country = String.fromCharCode(countryBytes[0] as number, countryBytes[1] as number);
  if (!/^[A-Z]{2}$/.test(country)) throw invalid("country is not an ISO 3166-1 alpha-2 code");
  const postalCode = r.str("postal code");
  const town = r.str("town");
  const from = r.date("coverage start");
  const to = r.date("coverage end");
  const summary: SealSummary = {
    entries: r.uvarint("entry count"),
    openEntries: r.uvarint("open entry count"),
    openAmountCents: r.uvarint("open amount"),
    lossCertificates: r.uvarint("loss certificate count"),
    lossAmountCents: r.uvarint("loss certificate amount"),
  };
  const pdfDigest = r.raw(DIGEST_LENGTH, "PDF digest");
  const bodyEnd = r.offset;
  const proofLength = r.u8("proof length");
  if (proofLength > MAX_PROOF_LENGTH)
    throw invalid(`proof length ${proofLength} exceeds ${MAX_PROOF_LENGTH}`);
  const rootHint = r.raw(ROOT_HINT_LENGTH, "root hint");
  const proof: Uint8Array[] = [];
  for (let i = 0; i < proofLength; i++) proof.push(r.raw(DIGEST_LENGTH, `proof hash ${i + 1}`));
  if (r.remaining > 0) {
    throw new SceauError(
      "SEAL_TRAILING_BYTES",
      `The seal has ${r.remaining} unexpected byte(s) after its proof.`,
    );
  }
  return {
    seal: {
      body: {
        registry: { chainId, address },
        documentId,
        salt,
        issuedAt,
        office,
        debtor,
        country,
        postalCode,
        town,
        coverage: { from, to },
        summary,
        pdfDigest,
      },
      rootHint,
      proof,
    },
    bodyBytes: bytes.slice(0, bodyEnd),
  };
}
