import type { OfficeInfo } from "../../src/issuer/ports.ts";

export const TEST_OFFICE: OfficeInfo = {
  id: "demo",
  name: "Office des poursuites de démonstration",
  addressLines: ["Rue de l'Exemple 1", "2800 Delémont"],
  canton: "JU",
  place: "Delémont",
};
