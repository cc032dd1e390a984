/**
 * Frozen test vectors of seal v1. These bytes are a public format: a change that alters them
 * breaks every printed extract, so the expected hex below must never be edited to make a test
 * pass. A new layout gets a new version number and new vectors.
 */
import type { Seal } from "../../src/core/seal.ts";

const fill = (n: number, start: number): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => (start + i) & 0xff);

export const PERSON_SEAL: Seal = {
  body: {
    registry: { chainId: 31337, address: fill(20, 0xa0) },
    documentId: fill(10, 0x10),
    salt: fill(16, 0x40),
    issuedAt: 1_795_348_800, // 2026-11-22T12:00:00Z
    office: "ju-delemont",
    debtor: {
      type: "person",
      lastName: "Dvořák-Ørsted",
      firstNames: "Łukasz Ðurić",
      dateOfBirth: "1985-03-14",
    },
    country: "CH",
    postalCode: "2800",
    town: "Delémont",
    coverage: { from: "2021-11-22", to: "2026-11-22" },
    summary: {
      entries: 3,
      openEntries: 2,
      openAmountCents: 123_450,
      lossCertificates: 1,
      lossAmountCents: 50_000,
    },
    pdfDigest: fill(32, 0xc0),
  },
  rootHint: Uint8Array.of(0xde, 0xad, 0xbe, 0xef),
  proof: [fill(32, 0x00), fill(32, 0x20)],
};

export const COMPANY_SEAL: Seal = {
  body: {
    registry: { chainId: 1, address: fill(20, 0x01) },
    documentId: fill(10, 0xf0),
    salt: fill(16, 0x80),
    issuedAt: 0,
    office: "ge",
    debtor: { type: "company", name: "Müller & Söhne AG", uid: "CHE-109.322.551" },
    country: "CH",
    postalCode: "1204",
    town: "Genève",
    coverage: { from: "1900-01-01", to: "2999-12-31" },
    summary: { entries: 0, openEntries: 0, openAmountCents: 0, lossCertificates: 0, lossAmountCents: 0 },
    pdfDigest: new Uint8Array(32),
  },
  rootHint: new Uint8Array(4),
  proof: [],
};
