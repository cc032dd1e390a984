/**
 * `sceau issue` as a user runs it (a child process): 1,000 JSON lines with 1% malformed ones.
 * It reports exactly the bad lines with their line numbers and field paths, exits 1, prints its
 * throughput, and every other line has a sealed PDF in the manifest that verifies `valid` (by
 * the QR text each PDF carries; a sample also as whole files).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { getAddress } from "ethers";
import { loadRegistryArtifact } from "../../src/chain/artifact.ts";
import { createProvider } from "../../src/chain/provider.ts";
import { RegistryClient } from "../../src/chain/registry.ts";
import { devRegistryAddress } from "../../src/chain/dev/keys.ts";
import { decodeQrText } from "../../src/core/qr-text.ts";
import { findRevision1 } from "../../src/pdf/integrity.ts";
import { stampSeal } from "../../src/pdf/stamp.ts";
import { PROJECT_ROOT } from "../../src/paths.ts";
import { initQrDecoder } from "../../src/qr/decode.ts";
import { QrLocator } from "../../src/documents/locator.ts";
import { Verifier } from "../../src/verifier/verifier.ts";
import { sampleExtracts } from "../../scripts/sample-extracts.ts";
import { chainEnv, startChainServer, type TestChainServer } from "../helpers/child-service.ts";

let chain: TestChainServer | null = null;
afterAll(async () => {
  await chain?.close();
});

/** A verifier of the development registry on `chainUrl`, trusting `verifyUrl` as its official address. */
function chainVerifier(
  chainUrl: string,
  verifyUrl: string,
): { readonly verifier: Verifier; readonly provider: { destroy(): void } } {
  const provider = createProvider(chainUrl, 31337, { timeoutMs: 5000 });
  const reader = new RegistryClient(devRegistryAddress(), loadRegistryArtifact(), provider);
  const verifier = new Verifier({
    trustList: [
      {
        chainId: 31337,
        address: getAddress(devRegistryAddress()),
        name: "test registry",
        verifyUrl,
        reader: {
          sealStatus: (root, leaf) => reader.sealStatus(root, leaf),
          revokedLeaves: (root) => reader.revokedLeaves(root),
          anchorEvent: (root) => reader.anchorEvent(root),
        },
      },
    ],
    now: Date.now,
    maxAgeDays: 90,
    minConfirmations: 1,
    documents: new QrLocator({ maxPdfPages: 5, maxPixels: 50_000_000, timeBudgetMs: 5000 }),
  });
  return { verifier, provider };
}

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["src/cli/main.ts", ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("exit", (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

test("sceau issue: 1,000 lines, 1% malformed: exactly the bad lines reported, the rest issued and valid", async () => {
  chain = await startChainServer();
  const dir = mkdtempSync(join(tmpdir(), "sceau-bulk-"));
  const file = join(dir, "extracts.jsonl");
  const { text, bad } = sampleExtracts({ count: 1000, bad: 10 });
  writeFileSync(file, text);
  const out = join(dir, "out");
  const env = {
    ...chainEnv(chain.url, join(dir, "data")),
    SCEAU_PDF_THREADS: "2",
    SCEAU_BATCH_WAIT_MS: "500",
  };

  const r = await run(["issue", file, "--out", out], env);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toMatch(
    /Issued 990 extracts \(990 PDFs written\) from 1000 lines in [\d.]+ s: [\d.]+ extracts\/s\./,
  );
  expect(r.stdout).toContain("10 lines failed.");

  // Exactly the bad lines, each with the field paths at fault.
  const reported = new Map<number, string[]>();
  for (const m of r.stderr.matchAll(/^line (\d+): ([A-Z_]+)(?: ([^:]+))?: /gm)) {
    const paths = reported.get(Number(m[1])) ?? [];
    if (m[3] !== undefined) paths.push(m[3]);
    reported.set(Number(m[1]), paths);
  }
  expect([...reported.keys()].sort((a, b) => a - b)).toEqual(bad.map((b) => b.line));
  for (const b of bad) expect(reported.get(b.line)?.sort()).toEqual([...b.paths].sort());
  const failures = readFileSync(join(out, "failures.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { line: number; code: string });
  expect(failures.map((f) => [f.line, f.code])).toEqual(bad.map((b) => [b.line, b.code]));

  // The manifest: one entry per good line, each with its PDF, root and transaction.
  const manifest = readFileSync(join(out, "manifest.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map(
      (l) =>
        JSON.parse(l) as {
          line: number;
          id: string;
          reference: string;
          file: string;
          root: string;
          tx: string;
        },
    );
  const badLines = new Set(bad.map((b) => b.line));
  expect(manifest.map((m) => m.line)).toEqual(
    Array.from({ length: 1000 }, (_, i) => i + 1).filter((l) => !badLines.has(l)),
  );
  expect(new Set(manifest.map((m) => m.id)).size).toBe(990);
  for (const m of manifest) {
    expect(m.reference).toBe(`S-${m.line}`);
    expect(m.root).toMatch(/^0x[0-9a-f]{64}$/);
    expect(m.tx).toMatch(/^0x[0-9a-f]{64}$/);
  }

  // Every PDF verifies by the QR text it carries; a sample as whole files.
  await initQrDecoder();
  // The CLI's SCEAU_PUBLIC_URL (chainEnv: port 0, no public URL).
  const { verifier, provider } = chainVerifier(chain.url, "http://127.0.0.1:0");
  const verdicts = new Map<string, number>();
  for (let i = 0; i < manifest.length; i += 25) {
    await Promise.all(
      manifest.slice(i, i + 25).map(async (m) => {
        const pdf = readFileSync(join(out, m.file));
        const qr = /\/SceauSeal \(([^)]+)\)/.exec(pdf.toString("latin1"))?.[1];
        expect(qr, m.file).toBeDefined();
        const report = await verifier.verifyText(qr ?? "");
        expect(report.document?.id).toBe(m.id);
        verdicts.set(report.verdict, (verdicts.get(report.verdict) ?? 0) + 1);
      }),
    );
  }
  expect(Object.fromEntries(verdicts)).toEqual({ valid: 990 });
  for (const m of [manifest[0], manifest[495], manifest[989]]) {
    const report = await verifier.verifyPdf(new Uint8Array(readFileSync(join(out, m?.file ?? ""))));
    expect(report.verdict).toBe("valid");
  }

  // sceau revoke: one extract, on chain, then seen by the verifier.
  const target = manifest[1]?.id ?? "";
  const revoke = await run(["revoke", target, "--reason", "court-order"], env);
  expect(revoke.code, revoke.stderr).toBe(0);
  expect(JSON.parse(revoke.stdout)).toMatchObject({
    target,
    scope: "extract",
    reason: "court-order",
    state: "recorded",
  });
  const pdf1 = readFileSync(join(out, manifest[1]?.file ?? "")).toString("latin1");
  const revokedReport = await verifier.verifyText(/\/SceauSeal \(([^)]+)\)/.exec(pdf1)?.[1] ?? "");
  expect(revokedReport).toMatchObject({ verdict: "revoked", revocation: { reason: "court-order" } });
  expect((await run(["revoke", target, "--reason", "nonsense"], env)).code).toBe(2);
  provider.destroy();

  // Running the same lines again issues nothing new: every reference is known.
  const head = join(dir, "head.jsonl");
  writeFileSync(head, text.split("\n").slice(0, 15).join("\n"));
  const again = await run(["issue", head, "--out", join(dir, "again"), "--quiet"], env);
  expect(again.code, again.stderr).toBe(bad.some((b) => b.line <= 15) ? 1 : 0);
  const second = readFileSync(join(dir, "again", "manifest.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { id: string });
  expect(second.map((s) => s.id)).toEqual(manifest.filter((m) => m.line <= 15).map((m) => m.id));
  expect(existsSync(join(dir, "again", `${manifest[0]?.id ?? ""}.pdf`))).toBe(true);
}, 300_000);

test("sceau issue run again with another SCEAU_PUBLIC_URL writes the same bytes; the re-stamped file is modified", async () => {
  chain ??= await startChainServer();
  const dir = mkdtempSync(join(tmpdir(), "sceau-rerun-"));
  const file = join(dir, "extracts.jsonl");
  writeFileSync(file, sampleExtracts({ count: 3, bad: 0, seed: 7 }).text);
  const env = { ...chainEnv(chain.url, join(dir, "data")), SCEAU_BATCH_WAIT_MS: "200" };
  const first = await run(["issue", file, "--out", join(dir, "a"), "--quiet"], {
    ...env,
    SCEAU_PUBLIC_URL: "https://verify-a.example",
  });
  expect(first.code, first.stderr).toBe(0);
  // The operator runs it again, configured with another address.
  const second = await run(["issue", file, "--out", join(dir, "b"), "--quiet"], {
    ...env,
    SCEAU_PUBLIC_URL: "https://verify-b.example",
  });
  expect(second.code, second.stderr).toBe(0);
  const ids = readFileSync(join(dir, "a", "manifest.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => (JSON.parse(l) as { id: string }).id);
  expect(ids).toHaveLength(3);

  // The address the extracts were issued with.
  const { verifier, provider } = chainVerifier(chain.url, "https://verify-a.example");
  try {
    for (const id of ids) {
      const a = readFileSync(join(dir, "a", `${id}.pdf`));
      const b = readFileSync(join(dir, "b", `${id}.pdf`));
      expect(b.equals(a), `${id}: the second run wrote another file`).toBe(true);
      const text = /\/SceauSeal \(([^)]+)\)/.exec(a.toString("latin1"))?.[1] ?? "";
      expect(text.startsWith("https://verify-a.example/v#")).toBe(true);
      expect((await verifier.verifyPdf(new Uint8Array(a))).verdict).toBe("valid");
      // The same revision 1 stamped with the other address, as the second run used to write it.
      const revision1 = findRevision1(new Uint8Array(a), decodeQrText(text).seal.body.pdfDigest);
      expect(revision1).not.toBeNull();
      const foreign = await stampSeal(revision1 ?? new Uint8Array(0), text.replace("verify-a", "verify-b"));
      const report = await verifier.verifyPdf(foreign);
      expect(report.verdict).toBe("modified");
      expect(report.checks.find((c) => c.code === "PDF_INTEGRITY")).toMatchObject({
        status: "invalid",
        reason: "UNOFFICIAL_QR_TEXT",
      });
      expect(report.warnings).toEqual(["unofficial-address"]);
    }
  } finally {
    provider.destroy();
  }
}, 120_000);
