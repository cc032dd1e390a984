/**
 * The counter's adapters as the configuration picks them: on the local development chain
 * without a login configured, the development login, demo register and outbox; with a canton's
 * login configured, never the development login; off the development chain without a login,
 * no counter. And the configuration refuses a login or register reached in clear.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../src/config.ts";
import type { Logger } from "../../src/core/log.ts";
import { loadOffices } from "../../src/wiring/offices.ts";
import { startCounterAdapters } from "../../src/wiring/counter-adapters.ts";

const dir = mkdtempSync(join(tmpdir(), "sceau-counter-wiring-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
const lines: { level: string; message: string }[] = [];
const log: Logger = (level, message) => {
  lines.push({ level, message });
};
const key = (n: number) => `0x${String(n).repeat(64)}`;

describe("the counter's adapters from the configuration", () => {
  test("on the local development chain: the development login, the demo register and the outbox, each said so", async () => {
    const config = loadConfig({ SCEAU_DATA_DIR: dir, SCEAU_PUBLIC_URL: "http://127.0.0.1:8080" });
    const { offices } = loadOffices(config);
    const adapters = await startCounterAdapters(config, offices, log);
    expect(adapters).not.toBeNull();
    try {
      expect(adapters!.devLogin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const discovery = await fetch(`${adapters!.devLogin!}/.well-known/openid-configuration`);
      expect(discovery.status).toBe(200);
      const begun = await adapters!.identity.begin();
      expect(begun.url.startsWith(adapters!.devLogin!)).toBe(true);
      expect(new URL(begun.url).searchParams.get("redirect_uri")).toBe(
        "http://127.0.0.1:8080/counter/callback",
      );
      const found = await adapters!.register.search({
        office: "demo",
        lastName: "Keller",
        firstNames: "Anna",
        dateOfBirth: "1985-03-14",
        address: {
          street: "Rue du Marché",
          houseNumber: "5",
          postalCode: "2800",
          town: "Delémont",
          country: "CH",
        },
      });
      expect(found).toHaveLength(1);
      expect(adapters!.fees.get("demo")).toBe(1700);
      const invoice = await adapters!.payment.invoice({
        orderId: "o-1",
        office: "demo",
        amountCents: 1700,
        language: "fr",
        debtor: { name: "Anna Keller", address: found[0]!.address },
      });
      expect(invoice.reference).toMatch(/^\d{27}$/);
      await adapters!.mail.send({
        to: "anna@example.ch",
        subject: "Test",
        text: "Test",
        attachments: [{ filename: "facture.pdf", contentType: "application/pdf", content: invoice.pdf }],
      });
      expect(readdirSync(join(dir, "outbox"))).toHaveLength(1);
      const warned = lines.filter((l) => l.level === "warn").map((l) => l.message);
      expect(warned.some((m) => m.startsWith("DEVELOPMENT login"))).toBe(true);
      expect(warned.some((m) => m.startsWith("DEVELOPMENT register"))).toBe(true);
      expect(warned.some((m) => m.startsWith("DEVELOPMENT mail"))).toBe(true);
    } finally {
      for (const c of [...(adapters?.closers ?? [])].reverse()) await c();
    }
  });

  test("with a canton's login configured, the development login never starts", async () => {
    lines.length = 0;
    const config = loadConfig({
      SCEAU_DATA_DIR: dir,
      SCEAU_OIDC_ISSUER: "https://login.canton.example",
      SCEAU_OIDC_CLIENT_ID: "sceau",
      SCEAU_OIDC_CLAIMS: JSON.stringify({ dateOfBirth: "birth_date", houseNumber: "address.house_number" }),
    });
    expect(config.identity?.claims.dateOfBirth).toBe("birth_date");
    expect(config.identity?.claims.houseNumber).toBe("address.house_number");
    expect(config.identity?.claims.lastName).toBe("family_name");
    const adapters = await startCounterAdapters(config, loadOffices(config).offices, log);
    try {
      expect(adapters!.devLogin).toBeNull();
      expect(lines.some((l) => l.message.startsWith("DEVELOPMENT login"))).toBe(false);
    } finally {
      for (const c of [...(adapters?.closers ?? [])].reverse()) await c();
    }
  });

  test("off the development chain without a login or register, there is no counter", async () => {
    const config = loadConfig({
      SCEAU_DATA_DIR: dir,
      SCEAU_RPC_URL: "https://rpc.example",
      SCEAU_REGISTRY_ADDRESS: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      SCEAU_ISSUER_KEY: key(1),
      SCEAU_REVOKER_KEY: key(2),
    });
    expect(config.identity).toBeNull();
    expect(config.register).toBeNull();
    expect(await startCounterAdapters(config, [], log)).toBeNull();
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
