/**
 * Issuing the corpus's PDFs through the real pipeline: an in-process Hardhat chain, the whole
 * service (`startService`) and its HTTP API, with seeded ids and salts and a fixed clock, so
 * every run issues the same seals.
 * @module
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mulberry32 } from "../../test/helpers/prng.ts";

/** Drives the issued documents (ids, salts, issue time, batch) and, mixed, every degradation. */
export const SEED = 20261122;

/** The service the corpus was issued by, running again on a fresh local chain. */
export interface CorpusService {
  /** Base URL of the running service. */
  readonly url: string;
  /** JSON-RPC URL of its chain. */
  readonly rpcUrl: string;
  /** Address of the registry the seals name. */
  readonly registry: string;
  /** The issued PDFs, in the order of the manifest's `pdfs`. */
  readonly pdfs: readonly { readonly bytes: Uint8Array; readonly qrText: string }[];
  close(): Promise<void>;
}

/** Extracts issued per corpus: one full batch of the default size (64), the densest QR code. */
const BATCH = 64;
/** PDFs the images are made from, spread over the batch (different proofs). */
const PDF_COUNT = 12;

/**
 * Starts an in-process Hardhat JSON-RPC chain and the whole service (`startService`), and issues
 * the corpus batch through the HTTP API. Issuing is deterministic (seeded ids and salts, a fixed
 * clock, one batch filled in order), so on every fresh chain the same seals are issued and
 * anchored again: the benchmark can verify the corpus images end to end.
 */
export async function startCorpusService(seed = SEED): Promise<CorpusService> {
  const { network } = await import("hardhat");
  const { Wallet } = await import("ethers");
  const { loadRegistryArtifact } = await import("../../src/chain/artifact.ts");
  const { createProvider } = await import("../../src/chain/provider.ts");
  const { deployRegistry } = await import("../../src/chain/registry.ts");
  const { loadConfig } = await import("../../src/config.ts");
  const { DEV_KEYS } = await import("../../src/chain/dev/keys.ts");
  const { startService } = await import("../../src/wiring/service.ts");
  const { readSealTexts } = await import("../../src/pdf/seal-text.ts");
  const { PERSON_EXTRACT, COMPANY_EXTRACT } = await import("../../test/fixtures/extracts.ts");

  const server = await network.createServer("default", "127.0.0.1", 0);
  const { address, port } = await server.listen();
  const rpcUrl = `http://${address}:${port}`;
  const provider = createProvider(rpcUrl, 31337, { timeoutMs: 5000 });
  const { address: registry } = await deployRegistry(
    loadRegistryArtifact(),
    new Wallet(DEV_KEYS.admin, provider),
    new Wallet(DEV_KEYS.admin).address,
  );
  provider.destroy();
  const config = loadConfig({
    SCEAU_PORT: "0",
    SCEAU_PUBLIC_URL: "https://verify.sceau.example",
    SCEAU_DATA_DIR: mkdtempSync(join(tmpdir(), "sceau-corpus-")),
    SCEAU_RPC_URL: rpcUrl,
    SCEAU_REGISTRY_ADDRESS: registry,
    SCEAU_ISSUER_KEY: DEV_KEYS.issuer,
    SCEAU_REVOKER_KEY: DEV_KEYS.revoker,
    SCEAU_ADMIN_KEY: DEV_KEYS.admin,
    SCEAU_BATCH_MAX: String(BATCH),
    SCEAU_BATCH_WAIT_MS: "3600000",
    SCEAU_LOG_LEVEL: "warn",
    // The latency benchmark sends hundreds of verifications from one address: no rate limit.
    SCEAU_RATE_VERIFY_PER_MINUTE: "0",
  });
  const rand = mulberry32(seed);
  // The clock is fixed for issuing only; the extracts are then some days old when verified.
  const issuedAt = Date.UTC(2026, 10, 2, 9, 30);
  let clock = issuedAt;
  const service = await startService(config, {
    now: () => clock,
    randomBytes: (n) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256)),
  });
  try {
    const headers = {
      authorization: `Bearer ${service.demoToken ?? ""}`,
      "content-type": "application/json",
    };
    const languages = ["fr", "de", "it", "en"];
    const ids: string[] = [];
    // Sequential submissions: the batch (and so every proof) is the same on every run.
    for (let i = 0; i < BATCH; i++) {
      const template = i % 3 === 2 ? COMPANY_EXTRACT : PERSON_EXTRACT;
      const extract = { ...template, reference: `corpus-${i}`, language: languages[i % 4] };
      const last = i === BATCH - 1;
      const res = await fetch(`${service.url}/api/v1/extracts${last ? "?wait=true" : ""}`, {
        method: "POST",
        headers,
        body: JSON.stringify(extract),
      });
      const body = (await res.json()) as { id?: string };
      if (!body.id) throw new Error(`issuing failed: HTTP ${res.status} ${JSON.stringify(body)}`);
      ids.push(body.id);
    }
    clock = Date.now();
    const pdfs: { bytes: Uint8Array; qrText: string }[] = [];
    for (let k = 0; k < PDF_COUNT; k++) {
      const id = ids[Math.floor((k * BATCH) / PDF_COUNT)] ?? "";
      const res = await fetch(`${service.url}/api/v1/extracts/${id}/pdf`, { headers });
      if (!res.ok) throw new Error(`PDF ${id}: HTTP ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const [qrText] = readSealTexts(bytes);
      if (!qrText) throw new Error(`no /SceauSeal in extract ${id}`);
      pdfs.push({ bytes, qrText });
    }
    return {
      url: service.url,
      rpcUrl,
      registry,
      pdfs,
      close: async () => {
        await service.close();
        await server.close();
      },
    };
  } catch (e) {
    await service.close();
    await server.close();
    throw e;
  }
}
