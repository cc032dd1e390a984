/**
 * Mail through an SMTP relay: smtp-server on 127.0.0.1 stands for the canton's relay and keeps
 * what it receives; postal-mime parses it back, attachment included.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import PostalMime from "postal-mime";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { MailMessage } from "../../src/counter/ports.ts";
import { outboxMail, smtpMail } from "../../src/mail/smtp.ts";

const pdf = new Uint8Array([
  ...Buffer.from("%PDF-1.7\n"),
  ...Array.from({ length: 3000 }, (_, i) => i % 256),
]);
const message: MailMessage = {
  to: "elise.muller@example.ch",
  subject: "Votre extrait du registre des poursuites",
  text: "Bonjour,\nvoici votre extrait.",
  attachments: [{ filename: "extrait.pdf", contentType: "application/pdf", content: pdf }],
};

const received: { from: string; to: string[]; raw: Buffer }[] = [];
let relay: SMTPServer;
let relayPort = 0;
let hanging: TcpServer;
let hangingPort = 0;
const sockets: Socket[] = [];

beforeAll(async () => {
  relay = new SMTPServer({
    authOptional: true,
    // smtp-server's bundled certificate has expired: the test relay speaks plain SMTP.
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith("@refused.example")) callback(new Error("550 No such user"));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  relayPort = (relay.server.address() as { port: number }).port;
  // A relay that accepts the connection and never says a word.
  hanging = createTcpServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
  hangingPort = (hanging.address() as { port: number }).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) =>
    hanging.close(() => {
      resolve();
    }),
  );
  await new Promise<void>((resolve) => {
    relay.close(() => {
      resolve();
    });
  });
});

describe("mail through the SMTP relay", () => {
  test("delivers the message with its PDF attached, byte for byte, from the configured sender", async () => {
    const mail = smtpMail({
      url: `smtp://127.0.0.1:${relayPort}`,
      from: "Sceau <no-reply@ju.example>",
      timeoutMs: 5000,
    });
    await mail.send(message);
    mail.close();
    const got = received.at(-1);
    expect(got?.from).toBe("no-reply@ju.example");
    expect(got?.to).toEqual(["elise.muller@example.ch"]);
    const parsed = await PostalMime.parse(got!.raw);
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.text?.trim()).toBe(message.text);
    expect(parsed.attachments).toHaveLength(1);
    const [att] = parsed.attachments;
    expect(att?.filename).toBe("extrait.pdf");
    expect(att?.mimeType).toBe("application/pdf");
    expect(new Uint8Array(att!.content as ArrayBuffer)).toEqual(pdf);
  });

  test("a recipient the relay refuses is MAIL_UNAVAILABLE", async () => {
    const mail = smtpMail({
      url: `smtp://127.0.0.1:${relayPort}`,
      from: "no-reply@ju.example",
      timeoutMs: 5000,
    });
    await expect(mail.send({ ...message, to: "nobody@refused.example" })).rejects.toMatchObject({
      code: "MAIL_UNAVAILABLE",
    });
    mail.close();
  });

  test("a relay that is down is MAIL_UNAVAILABLE", async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) =>
      closed.close(() => {
        resolve();
      }),
    );
    const mail = smtpMail({ url: `smtp://127.0.0.1:${port}`, from: "no-reply@ju.example", timeoutMs: 5000 });
    await expect(mail.send(message)).rejects.toMatchObject({ code: "MAIL_UNAVAILABLE" });
    mail.close();
  });

  test("a relay that never answers is MAIL_UNAVAILABLE once the time limit has passed", async () => {
    const mail = smtpMail({
      url: `smtp://127.0.0.1:${hangingPort}`,
      from: "no-reply@ju.example",
      timeoutMs: 300,
    });
    await expect(mail.send(message)).rejects.toMatchObject({ code: "MAIL_UNAVAILABLE" });
    mail.close();
  });
});

describe("a relay that asks for a password", () => {
  test("gets the password from the password file's value, not from the URL", async () => {
    const logins: string[] = [];
    const secured = new SMTPServer({
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      authMethods: ["PLAIN", "LOGIN"],
      logger: false,
      onAuth(auth, _session, callback) {
        logins.push(`${auth.username ?? ""}:${auth.password ?? ""}`);
        if (auth.username === "sceau" && auth.password === "relay-pass") callback(null, { user: "sceau" });
        else callback(new Error("535 Authentication failed"));
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on("end", () => {
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => secured.listen(0, "127.0.0.1", resolve));
    const port = (secured.server.address() as { port: number }).port;
    try {
      const url = `smtp://sceau@127.0.0.1:${port}`;
      const good = smtpMail({ url, password: "relay-pass", from: "no-reply@ju.example", timeoutMs: 5000 });
      await good.send(message);
      good.close();
      const bad = smtpMail({ url, password: "wrong", from: "no-reply@ju.example", timeoutMs: 5000 });
      await expect(bad.send(message)).rejects.toMatchObject({ code: "MAIL_UNAVAILABLE" });
      bad.close();
      expect(logins).toEqual(["sceau:relay-pass", "sceau:wrong"]);
    } finally {
      await new Promise<void>((resolve) => {
        secured.close(() => {
          resolve();
        });
      });
    }
  });
});

describe("the development outbox", () => {
  test("writes each message as an .eml file with the PDF attached", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sceau-outbox-"));
    try {
      const mail = outboxMail(join(dir, "outbox"), "Sceau <no-reply@localhost>");
      await mail.send(message);
      mail.close();
      const files = readdirSync(join(dir, "outbox"));
      expect(files).toHaveLength(1);
      const parsed = await PostalMime.parse(readFileSync(join(dir, "outbox", files[0]!)));
      expect(parsed.to?.[0]?.address).toBe("elise.muller@example.ch");
      expect(new Uint8Array(parsed.attachments[0]!.content as ArrayBuffer)).toEqual(pdf);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
