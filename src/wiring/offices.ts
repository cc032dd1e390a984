/**
 * The offices that may issue: the configured ones, or in development a demo office whose token
 * is kept in the data directory (so it stays the same from one start to the next).
 * @module
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config.ts";
import { DEMO_OFFICE, type OfficeConfig } from "../config-trust.ts";
import { hashToken } from "../http/auth.ts";

/** Configured offices, or the demo office (development) with a token kept in the data directory. */
export function loadOffices(config: Config): { offices: OfficeConfig[]; demoToken: string | null } {
  if (config.offices) return { offices: [...config.offices], demoToken: null };
  const file = join(config.dataDir, "demo-office.json");
  let token: string;
  if (existsSync(file)) {
    token = (JSON.parse(readFileSync(file, "utf8")) as { token: string }).token;
  } else {
    token = randomBytes(24).toString("base64url");
    writeFileSync(file, `${JSON.stringify({ token }, null, 2)}\n`, { mode: 0o600 });
  }
  return {
    offices: [
      {
        ...DEMO_OFFICE,
        tokenSha256: hashToken(token),
        // The canton of Jura's postal codes (a demo: one office for the whole canton).
        district: JURA_POSTAL_CODES,
        // The Swiss Payment Standards' example QR-IBAN: a demo bill no bank credits to anyone.
        payment: {
          feeCents: 1700,
          qrIban: "CH4431999123000889012",
          creditor: {
            name: DEMO_OFFICE.name,
            street: "Rue de l'Exemple",
            houseNumber: "1",
            postalCode: "2800",
            town: "Delémont",
            country: "CH",
          },
          referencePrefix: "",
        },
      },
    ],
    demoToken: token,
  };
}

/** 2336 and 2340–2364 (Franches-Montagnes), 2800–2954 (Delémont and Porrentruy): the demo district. */
const JURA_POSTAL_CODES: readonly string[] = [
  "2336",
  ...Array.from({ length: 25 }, (_, i) => String(2340 + i)),
  ...Array.from({ length: 155 }, (_, i) => String(2800 + i)),
];
