/**
 * The offices that may issue: the configured ones, or in development a demo office whose token
 * is kept in the data directory (so it stays the same from one start to the next).
 * @module
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config, OfficeConfig } from "../config.ts";
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
        id: "demo",
        name: "Office des poursuites de démonstration",
        addressLines: ["Rue de l'Exemple 1", "2800 Delémont"],
        canton: "JU",
        place: "Delémont",
        language: "fr",
        tokenSha256: hashToken(token),
        issuerKey: null,
      },
    ],
    demoToken: token,
  };
}
