/**
 * The text forms of a seal: the QR code's text (a link to the official verification page with
 * the seal in base32 in the URL fragment, or the bare seal), its parsing, and the document id
 * as printed on the extract. The byte layout of the seal itself is `seal.ts`.
 * @module
 */
import { base32Decode, base32Encode } from "./base32.ts";
import { SceauError } from "./errors.ts";
import { MAX_SEAL_LENGTH, decodeSeal, type DecodedSeal } from "./seal.ts";

/** Path of the verification page that a QR code opens; the seal follows in the fragment. */
const VERIFY_PATH = "/v";

/**
 * The verification address of a verifier: the page its QR codes open, `<base URL>/v`. This is
 * what a trust-list entry's official base URL becomes in the QR text.
 */
export function verificationAddress(verifierBaseUrl: string): string {
  return `${verifierBaseUrl.replace(/\/+$/, "")}${VERIFY_PATH}`;
}

/**
 * The text of the QR code: a link to the official verifier with the seal in the URL fragment,
 * which browsers never send to a server.
 */
export function sealToQrText(sealBytes: Uint8Array, verifierBaseUrl: string): string {
  return `${verificationAddress(verifierBaseUrl)}#${base32Encode(sealBytes)}`;
}

/** Scanned QR text in its two parts. */
export interface QrTextParts {
  /** The verification address the link opens (`https://host/v`); null for a bare seal. */
  readonly address: string | null;
  /** The seal in base32, as found. */
  readonly seal: string;
}

/**
 * A link that may carry a seal: `http` or `https`, a host name or IP address (no user name:
 * `https://official.example@evil.example/` opens evil.example), an optional port and path, and
 * the verification page `/v` last. No query: the seal is the whole fragment.
 */
const LINK =
  /^https?:\/\/(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::\d{1,5})?(?:\/[a-z0-9._~%!$&'()*+,;=:@-]+)*\/v$/i;

/**
 * Splits scanned text into the address and the seal. Only two forms hold a seal: a link
 * `http(s)://host[:port][/path]/v#<seal>` and the bare base32 seal; white space around either
 * is ignored (scanners add line ends).
 * @throws {SceauError} `QR_TEXT_INVALID` for text with no seal, `QR_LINK_INVALID` for a seal
 * behind anything but such a link, `SEAL_TOO_LARGE`
 */
export function parseQrText(text: string): QrTextParts {
  const trimmed = text.trim();
  const hash = trimmed.indexOf("#");
  const seal = hash >= 0 ? trimmed.slice(hash + 1) : trimmed;
  if (seal.length === 0) throw new SceauError("QR_TEXT_INVALID", "The QR text holds no seal.");
  if (seal.length > Math.ceil((MAX_SEAL_LENGTH * 8) / 5)) {
    throw new SceauError("SEAL_TOO_LARGE", `A seal is at most ${MAX_SEAL_LENGTH} bytes.`);
  }
  if (hash < 0) return { address: null, seal };
  const address = trimmed.slice(0, hash);
  // The path is case-sensitive: `/V` is another page.
  if (!LINK.test(address) || !address.endsWith(VERIFY_PATH)) {
    throw new SceauError(
      "QR_LINK_INVALID",
      "The QR text is neither a link http(s)://<host>/v#<seal> nor a bare seal.",
    );
  }
  return { address, seal };
}

/**
 * True when two verification addresses are the same page: the scheme and host in any case, the
 * rest exactly.
 */
export function sameAddress(a: string, b: string): boolean {
  const norm = (x: string): string => x.replace(/^[a-z]+:\/\/[^/]*/i, (origin) => origin.toLowerCase());
  return norm(a) === norm(b);
}

/**
 * Seal bytes from scanned text: either the whole link or the bare base32 seal.
 * @throws {SceauError} as {@link parseQrText}, and `QR_TEXT_INVALID` for text that is not base32
 */
export function qrTextToSealBytes(text: string): Uint8Array {
  return base32Decode(parseQrText(text).seal);
}

/**
 * Decodes scanned QR text into a seal.
 * @throws {SceauError} as {@link qrTextToSealBytes} and `decodeSeal`
 */
export function decodeQrText(text: string): DecodedSeal {
  return decodeSeal(qrTextToSealBytes(text));
}

/** The document id as printed on the extract: four groups of four base32 characters. */
export function formatDocumentId(documentId: Uint8Array): string {
  return base32Encode(documentId).replace(/(.{4})(?=.)/g, "$1-");
}

/**
 * Parses a printed document id (groups separated by dashes or spaces, any case).
 * @throws {SceauError} `BAD_REQUEST`
 */
export function parseDocumentId(text: string): Uint8Array {
  const compact = text.replace(/[-\s]/g, "").toUpperCase();
  if (compact.length !== 16) throw new SceauError("BAD_REQUEST", "A document id has 16 characters.");
  try {
    return base32Decode(compact);
  } catch (cause) {
    throw new SceauError("BAD_REQUEST", "Malformed document id.", { cause });
  }
}
