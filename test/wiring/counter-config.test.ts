/**
 * The counter's adapters as the configuration picks them (src/config-counter.ts): on the local
 * development chain without a login configured, the development login, demo register and
 * outbox; with a canton's login configured, never the development login; off the development
 * chain without a login, no counter. And it refuses a login or register reached in clear.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../src/config.ts";

const dir = mkdtempSync(join(tmpdir(), "sceau-counter-wiring-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
const key = (n: number) => `0x${String(n).repeat(64)}`;

describe("the counter's part of the configuration", () => {
  test("on the local development chain: the development login, the demo register and the outbox", () => {
    const config = loadConfig({ SCEAU_DATA_DIR: dir, SCEAU_PUBLIC_URL: "http://127.0.0.1:8080" });
    expect(config.identity).toMatchObject({
      issuer: null,
      clientSecret: null,
      redirectUrl: "http://127.0.0.1:8080/counter/callback",
      scopes: ["openid", "profile", "email", "address"],
    });
    expect(config.register).toMatchObject({ url: null });
    expect(config.mail).toMatchObject({ smtpUrl: null, from: "Sceau <no-reply@127.0.0.1>" });
  });

  test("with a canton's login configured, no development login, and the claims mapped as told", () => {
    const config = loadConfig({
      SCEAU_DATA_DIR: dir,
      SCEAU_OIDC_ISSUER: "https://login.canton.example",
      SCEAU_OIDC_CLIENT_ID: "sceau",
      SCEAU_OIDC_CLAIMS: JSON.stringify({ dateOfBirth: "birth_date", houseNumber: "address.house_number" }),
    });
    expect(config.identity?.issuer).toBe("https://login.canton.example");
    expect(config.identity?.claims.dateOfBirth).toBe("birth_date");
    expect(config.identity?.claims.houseNumber).toBe("address.house_number");
    expect(config.identity?.claims.lastName).toBe("family_name");
  });

  test("off the development chain without a login, register or relay, there is no counter", () => {
    const config = loadConfig({
      SCEAU_DATA_DIR: dir,
      SCEAU_RPC_URL: "https://rpc.example",
      SCEAU_REGISTRY_ADDRESS: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      SCEAU_ISSUER_KEY: key(1),
      SCEAU_REVOKER_KEY: key(2),
    });
    expect(config.identity).toBeNull();
    expect(config.register).toBeNull();
    expect(config.mail).toBeNull();
  });

  test("a login or register reached in clear, a secret given twice, a mapping that is not JSON are refused", () => {
    const refuse = (env: Record<string, string>) => {
      expect(() => loadConfig({ SCEAU_DATA_DIR: dir, ...env })).toThrow(
        expect.objectContaining({ code: "CONFIG_INVALID" }),
      );
    };
    refuse({ SCEAU_OIDC_ISSUER: "http://login.canton.example", SCEAU_OIDC_CLIENT_ID: "x" });
    refuse({ SCEAU_REGISTER_URL: "http://register.canton.example" });
    refuse({ SCEAU_OIDC_ISSUER: "https://login.canton.example" });
    refuse({ SCEAU_OIDC_CLAIMS: "lastName=name" });
    refuse({ SCEAU_OIDC_SCOPES: "profile email" });
    const secret = join(dir, "secret");
    writeFileSync(secret, "from-a-file\n");
    refuse({ SCEAU_REGISTER_TOKEN: "a", SCEAU_REGISTER_TOKEN_FILE: secret });
    expect(loadConfig({ SCEAU_DATA_DIR: dir, SCEAU_REGISTER_TOKEN_FILE: secret }).register?.token).toBe(
      "from-a-file",
    );
  });

  test("an office's QR-IBAN must be a QR-IBAN, and its address in the QR Code's characters", () => {
    const offices = join(dir, "offices.json");
    const office = {
      id: "ju",
      name: "Office",
      addressLines: [],
      canton: "JU",
      place: "Delémont",
      language: "fr",
      tokenSha256: "0".repeat(64),
      payment: {
        qrIban: "CH93 0076 2011 6238 5295 7",
        creditor: { name: "Office", street: "Rue", postalCode: "2800", town: "Delémont", country: "CH" },
      },
    };
    writeFileSync(offices, JSON.stringify([office]));
    expect(() => loadConfig({ SCEAU_DATA_DIR: dir, SCEAU_OFFICES_FILE: offices })).toThrow(/QR-IBAN/);
    const cyrillic = {
      ...office.payment,
      qrIban: "CH4431999123000889012",
      creditor: { ...office.payment.creditor, name: "Офис" },
    };
    writeFileSync(offices, JSON.stringify([{ ...office, payment: cyrillic }]));
    expect(() => loadConfig({ SCEAU_DATA_DIR: dir, SCEAU_OFFICES_FILE: offices })).toThrow(/Swiss QR Code/);
    writeFileSync(
      offices,
      JSON.stringify([{ ...office, payment: { ...office.payment, qrIban: "CH44 3199 9123 0008 8901 2" } }]),
    );
    const config = loadConfig({ SCEAU_DATA_DIR: dir, SCEAU_OFFICES_FILE: offices });
    expect(config.offices?.[0]?.payment).toMatchObject({
      qrIban: "CH4431999123000889012",
      feeCents: 1700,
      referencePrefix: "",
    });
  });
});
