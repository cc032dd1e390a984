/**
 * Fuzz targets shared by the long fuzz script (scripts/fuzz.ts, 100,000+ cases) and the seeded run
 * in the tests. A target takes one generated input and must return normally or throw a
 * SceauError with a documented code: anything else (a TypeError, a RangeError, a hang) is a bug.
 */
import fc from "fast-check";
import { ERROR_CODES, SceauError } from "../../src/core/errors.ts";
import { decodeQrText, decodeSeal, encodeSeal, sealToQrText } from "../../src/core/seal.ts";
import { COMPANY_SEAL, PERSON_SEAL } from "../vectors/seal-v1.ts";

export interface FuzzTarget<T> {
  readonly name: string;
  readonly input: fc.Arbitrary<T>;
  run(input: T): void | Promise<void>;
}

const DOCUMENTED: ReadonlySet<string> = new Set(ERROR_CODES);

/** Runs `f`; rethrows anything that is not a SceauError with a documented code. */
export function expectDocumented(f: () => unknown): string {
  try {
    f();
    return "ok";
  } catch (e) {
    if (e instanceof SceauError && DOCUMENTED.has(e.code)) return e.code;
    throw e;
  }
}

/** The same for asynchronous work. */
export async function expectDocumentedAsync(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
    return "ok";
  } catch (e) {
    if (e instanceof SceauError && DOCUMENTED.has(e.code)) return e.code;
    throw e;
  }
}

const seeds = [encodeSeal(PERSON_SEAL), encodeSeal(COMPANY_SEAL)];

/** Byte-level mutations of valid seals: flips, insertions, deletions, truncations, splices. */
export const mutatedSeal: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.constantFrom(...seeds),
    fc.array(
      fc.record({
        kind: fc.constantFrom("flip", "set", "insert", "delete", "truncate", "splice"),
        at: fc.nat(),
        value: fc.integer({ min: 0, max: 255 }),
        length: fc.integer({ min: 1, max: 40 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([a, b, ops]) => {
    let out = a.slice();
    for (const op of ops) {
      const at = out.length === 0 ? 0 : op.at % out.length;
      switch (op.kind) {
        case "flip":
          if (out.length > 0) out[at] = (out[at] ?? 0) ^ (1 << (op.value % 8));
          break;
        case "set":
          if (out.length > 0) out[at] = op.value;
          break;
        case "insert":
          out = Uint8Array.from([
            ...out.slice(0, at),
            ...new Uint8Array(op.length).fill(op.value),
            ...out.slice(at),
          ]);
          break;
        case "delete":
          out = Uint8Array.from([...out.slice(0, at), ...out.slice(at + op.length)]);
          break;
        case "truncate":
          out = out.slice(0, at);
          break;
        case "splice":
          out = Uint8Array.from([...out.slice(0, at), ...b.slice(op.value % b.length)]);
          break;
      }
    }
    return out;
  });

export const SEAL_TARGETS: readonly FuzzTarget<unknown>[] = [
  {
    name: "seal decoder: mutated seals",
    input: mutatedSeal,
    run: (bytes) => {
      expectDocumented(() => decodeSeal(bytes as Uint8Array));
    },
  },
  {
    name: "seal decoder: random bytes after a valid version byte",
    input: fc.uint8Array({ maxLength: 3000 }).map((b) => Uint8Array.of(1, ...b)),
    run: (bytes) => {
      expectDocumented(() => decodeSeal(bytes as Uint8Array));
    },
  },
  {
    name: "QR text parser: mutated text",
    input: fc.tuple(mutatedSeal, fc.string({ maxLength: 40 }), fc.nat()).map(([bytes, junk, at]) => {
      const text = sealToQrText(bytes.length > 0 ? bytes : Uint8Array.of(1), "https://verify.example.ch");
      const i = at % (text.length + 1);
      return text.slice(0, i) + junk + text.slice(i);
    }),
    run: (text) => {
      expectDocumented(() => decodeQrText(text as string));
    },
  },
  {
    name: "QR text parser: arbitrary unicode",
    input: fc.string({ unit: "binary", maxLength: 4000 }),
    run: (text) => {
      expectDocumented(() => decodeQrText(text as string));
    },
  },
];
