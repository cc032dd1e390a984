/**
 * Pixel-decoding flood (`npm run bench -- flood`; issue 11, finding 5): one address keeps ten PDFs
 * without a stamp in flight at once, for 20 s, while another address sends a genuine photo of an
 * extract every 500 ms. Two floods: 4 MB PDFs each holding a flate bomb (an image of 4 GiB of
 * zeros), and PDFs of noise in which every decoding attempt works until the time budget ends.
 *
 * The service runs in this process as `src/wiring/service.ts` wires it, with its defaults (one decoding slot
 * per core, the queue limits, a 3 s budget, but no rate limit: the flood would soon be refused
 * with 429 otherwise), an in-process Hardhat chain, and one trusted proxy hop so that
 * `X-Forwarded-For` names the two addresses; the flood comes from another process
 * (bench/_flood-client.ts). Figures: the photo's round-trip latency (median and maximum, target
 * under 2 s), this process's peak RSS over its RSS before the flood (sampled every 20 ms; it
 * includes the chain and the decoding threads), and what the flood got.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchModule, Row } from "../scripts/bench.ts";
import { PERSON_EXTRACT } from "../test/fixtures/extracts.ts";
import { flateBombImagePdf, noisePdf } from "../test/helpers/hostile.ts";
import { qrPhoto } from "../test/helpers/photos.ts";
import { startE2E } from "../test/helpers/service.ts";
import { median } from "./_stats.ts";

const IN_FLIGHT = 10;
const SECONDS = 20;
const PHOTO_EVERY_MS = 500;
const TARGET_MS = 2000;

interface FloodResult {
  readonly photoMs: number[];
  readonly photoVerdicts: string[];
  readonly flood: Map<string, number>;
  readonly baselineRss: number;
  readonly peakRss: number;
}

async function post(base: string, body: Buffer, type: string, address: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/verify`, {
    method: "POST",
    headers: { "content-type": type, "x-forwarded-for": address },
    body: new Uint8Array(body),
  });
  const json = (await res.json()) as { verdict?: string; error?: { code?: string } };
  return json.verdict ?? json.error?.code ?? `HTTP ${res.status}`;
}

/** The flood from another process; resolves with what it got. */
function attacker(base: string, file: string): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const args = {
      url: base,
      file,
      type: "application/pdf",
      address: "203.0.113.66",
      inFlight: IN_FLIGHT,
      seconds: SECONDS,
    };
    const child = spawn(process.execPath, ["bench/_flood-client.ts", JSON.stringify(args)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`the flood client exited with ${code}`));
      else resolve(new Map(Object.entries(JSON.parse(out) as Record<string, number>)));
    });
  });
}

async function flood(base: string, file: string | null, photo: Buffer): Promise<FloodResult> {
  const until = performance.now() + SECONDS * 1000;
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const flooding = file ? attacker(base, file) : Promise.resolve(new Map<string, number>());
  const photoMs: number[] = [];
  const photoVerdicts: string[] = [];
  const genuine = async (): Promise<void> => {
    // Let the flood fill the queue first.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    while (performance.now() < until) {
      const t = performance.now();
      photoVerdicts.push(await post(base, photo, "image/jpeg", "198.51.100.9"));
      const ms = performance.now() - t;
      photoMs.push(ms);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, PHOTO_EVERY_MS - ms)));
    }
  };
  const [counts] = await Promise.all([flooding, genuine()]);
  clearInterval(sampler);
  return { photoMs, photoVerdicts, flood: counts, baselineRss, peakRss };
}

const mib = (bytes: number): number => Math.round(bytes / 2 ** 20);

function rows(label: string, r: FloodResult): Row[] {
  const max = Math.max(...r.photoMs);
  const valid = r.photoVerdicts.filter((v) => v === "valid").length;
  const got = [...r.flood.entries()].map(([k, v]) => `${k} ${v}`).join(", ");
  return [
    {
      figure: `photo from another address during ${label}, median`,
      value: Math.round(median(r.photoMs)),
      unit: "ms",
      note: `${r.photoMs.length} photos, ${valid} valid`,
    },
    {
      figure: `photo from another address during ${label}, max`,
      value: Math.round(max),
      unit: "ms",
      target: `< ${TARGET_MS} ms`,
      met: max < TARGET_MS,
    },
    {
      figure: `peak RSS over the start during ${label}`,
      value: mib(r.peakRss - r.baselineRss),
      unit: "MiB",
      note: `${mib(r.baselineRss)} MiB before, ${mib(r.peakRss)} MiB peak${got ? `; the flood got: ${got}` : ""}`,
    },
  ];
}

const bench: BenchModule = {
  name: `flood: ${IN_FLIGHT} PDFs in flight from one address for ${SECONDS} s, a genuine photo from another`,
  async run() {
    const e2e = await startE2E({ SCEAU_TRUST_PROXY_HOPS: "1", SCEAU_LOG_LEVEL: "error" });
    try {
      const base = e2e.service.url;
      const auth = { authorization: `Bearer ${e2e.token}` };
      const issued = await fetch(`${base}/api/v1/extracts?wait=true`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify(PERSON_EXTRACT),
      });
      const { id } = (await issued.json()) as { id: string };
      const { qr } = (await (await fetch(`${base}/api/v1/extracts/${id}/qr`, { headers: auth })).json()) as {
        qr: string;
      };
      const photo = await qrPhoto(qr, { side: 1600, format: "jpeg", quality: 85, seed: 11 });
      const dir = join("bench-output", "flood");
      mkdirSync(dir, { recursive: true });
      const bomb = join(dir, "flate-bomb.pdf");
      const noise = join(dir, "noise.pdf");
      writeFileSync(bomb, flateBombImagePdf(4000));
      writeFileSync(noise, await noisePdf());
      const out: Row[] = [];
      out.push(...rows("no flood", await flood(base, null, photo)).slice(0, 2));
      out.push(...rows("a flood of flate bombs (4 MB each, 4 GiB inflated)", await flood(base, bomb, photo)));
      out.push(...rows("a flood of slow PDFs (noise, full time budget)", await flood(base, noise, photo)));
      return out;
    } finally {
      await e2e.close();
    }
  },
};

export default bench;
