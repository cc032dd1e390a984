/** Two configured offices with known tokens, written to an offices file (SCEAU_OFFICES_FILE). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashToken } from "../../src/http/auth.ts";

export const TOKENS = { demo: "token-of-demo-office-0123456789", other: "token-of-other-office-9876543210" };

export function writeOfficesFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), "sceau-offices-")), "offices.json");
  const office = (
    id: keyof typeof TOKENS,
    name: string,
    canton: string,
    place: string,
    language: string,
  ) => ({
    id,
    name,
    addressLines: ["Rue de l'Exemple 1", `2800 ${place}`],
    canton,
    place,
    language,
    tokenSha256: hashToken(TOKENS[id]),
  });
  writeFileSync(
    file,
    JSON.stringify([
      office("demo", "Office des poursuites de démonstration", "JU", "Delémont", "fr"),
      office("other", "Betreibungsamt Beispiel", "BE", "Bern", "de"),
    ]),
  );
  return file;
}
