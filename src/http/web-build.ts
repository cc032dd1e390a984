/**
 * Builds the browser side (the verification page, the office console and the QR-scanning worker)
 * in memory with esbuild at start-up: nothing built is committed, and the service always serves
 * bundles made from the code it runs. Takes about half a second. So esbuild is a production
 * dependency: an install without the development dependencies still starts the service.
 *
 * Every asset is named by its content hash (`verify-3f2a9c1b.js`), so it can be cached for a year;
 * the two HTML pages refer to them by those names and are never cached. Each asset is compressed
 * once here (gzip and Brotli), since phones on slow networks are the first users.
 * @module
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";

/** The browser sources: `src/web/`. */
const WEB = fileURLToPath(new URL("../web/", import.meta.url));

export interface WebAsset {
  readonly name: string;
  readonly type: string;
  readonly body: Buffer;
  readonly gzip: Buffer | null;
  readonly br: Buffer | null;
  readonly etag: string;
}

export interface WebBundle {
  /** The HTML of each page, its asset names filled in. */
  readonly pages: { readonly verify: WebAsset; readonly office: WebAsset };
  /** Assets by file name (`/assets/<name>`). */
  readonly assets: ReadonlyMap<string, WebAsset>;
  /** The online counter's style sheet (`/assets/counter-<hash>.css`); its pages are rendered on the server. */
  readonly counterCss?: string;
}

/** Browsers of the last four or so years: phones are often not on the latest version. */
const TARGET = ["es2022", "chrome100", "safari15.4", "firefox100", "edge100"];

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".html": "text/html; charset=utf-8",
};

function typeOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return TYPES[name.slice(dot)] ?? "application/octet-stream";
}

function asset(name: string, body: Buffer, compress: boolean): WebAsset {
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  return {
    name,
    type: typeOf(name),
    body,
    gzip: compress ? gzipSync(body, { level: 9 }) : null,
    br: compress
      ? brotliCompressSync(body, {
          params: {
            // Quality 11 takes 3 s on the 950 KB WebAssembly file (9: 0.1 s, 12 % larger).
            [zlib.BROTLI_PARAM_QUALITY]: body.length > 200_000 ? 9 : 11,
            [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        })
      : null,
    etag,
  };
}

function hashedName(file: string, body: Buffer): string {
  const dot = file.lastIndexOf(".");
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 10);
  return `${file.slice(0, dot)}-${hash}${file.slice(dot)}`;
}

/**
 * Bundles the browser code. esbuild is loaded only when the pages are built, so the HTTP layer
 * (and a test that serves only the API) does not load it.
 */
export async function buildWeb(options: { readonly counterUrl?: string } = {}): Promise<WebBundle> {
  const esbuild = await import("esbuild");
  const require = createRequire(import.meta.url);
  const result = await esbuild.build({
    entryPoints: {
      verify: join(WEB, "verify", "main.ts"),
      office: join(WEB, "office", "main.ts"),
      "scan-worker": join(WEB, "verify", "scan-worker.ts"),
      style: join(WEB, "style.css"),
      counter: join(WEB, "counter.css"),
    },
    bundle: true,
    write: false,
    outdir: "/assets",
    entryNames: "[name]-[hash]",
    format: "iife",
    platform: "browser",
    target: TARGET,
    minify: true,
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
    // zxing-wasm's loader mentions Node modules for its Node build; the browser never loads them.
    external: ["module", "node:*"],
    define: { "import.meta.url": '""' },
  });
  if (result.errors.length > 0) {
    throw new Error(`Building the web pages failed: ${result.errors.map((e) => e.text).join("; ")}`);
  }

  const assets = new Map<string, WebAsset>();
  const byEntry = new Map<string, string>();
  for (const out of result.outputFiles) {
    const name = basename(out.path);
    const entry = name.replace(/-[A-Z0-9]+(\.\w+)$/i, "$1");
    byEntry.set(entry, name);
    assets.set(name, asset(name, Buffer.from(out.contents), true));
  }
  const wasm = readFileSync(require.resolve("zxing-wasm/reader/zxing_reader.wasm"));
  const wasmName = hashedName("zxing_reader.wasm", wasm);
  assets.set(wasmName, asset(wasmName, wasm, true));
  byEntry.set("zxing_reader.wasm", wasmName);
  for (const file of ["icon.svg"]) {
    const body = readFileSync(join(WEB, file));
    const name = hashedName(file, body);
    assets.set(name, asset(name, body, true));
    byEntry.set(file, name);
  }

  const page = (file: string): WebAsset => {
    // The online counter's address (SCEAU_COUNTER_URL), for the verification page's last line.
    const counter = (options.counterUrl ?? "").replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
    const source = readFileSync(join(WEB, file), "utf8").replace("{{counter-url}}", counter);
    const html = source.replace(/\{\{([\w.-]+)\}\}/g, (_m, key: string) => {
      const name = byEntry.get(key);
      if (!name) throw new Error(`${file} refers to an unknown asset ${key}.`);
      return `/assets/${name}`;
    });
    return asset(file, Buffer.from(html, "utf8"), true);
  };
  const counterCss = byEntry.get("counter.css");
  return {
    pages: { verify: page("verify.html"), office: page("office.html") },
    assets,
    ...(counterCss === undefined ? {} : { counterCss: `/assets/${counterCss}` }),
  };
}
