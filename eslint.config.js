// One lint setup for the whole repository; `--max-warnings 0` makes every warning fail.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// ---- Layers: what each part of src/ may import of ours (docs/architecture.md) ----
//
// Imports point inward. The core imports nothing of ours; the use cases (issuer, verifier) import
// the core and define ports; the adapters implement those ports; HTTP and the CLI call the use
// cases and get adapters from the wiring, which with src/main.ts is the one composition root and
// may import everything. Each layer lists what its files may import besides their own folder:
// `value` by value, `types` as types only ("*": any type). Entries name a folder or a file of
// src/. Tests (`*.test.ts`) are exempt. test/ops/boundaries.test.ts proves that every rule fails a
// forbidden import, and that every other source file is under one of them.
//
// ESLint's own no-restricted-imports, not a plugin: it matches the import as written, so each
// layer gets one pattern per folder depth (`../` once in src/pdf/x.ts, twice in src/pdf/a/x.ts),
// which makes the match exact without resolving paths; `allowTypeImports` lets type imports
// through. Dynamic `import()` is checked by no-restricted-syntax with the same expressions.
const PORTS = ["issuer/ports.ts", "verifier/ports.ts", "counter/ports.ts"];
const ADAPTER = "an adapter imports the core, its own folder and, as types only, the use cases' ports.ts";
const EDGE =
  "HTTP and the CLI import the core, the use cases, src/wiring, config.ts and log.ts; adapters as types only";
const LAYERS = [
  {
    folder: "core",
    value: [],
    browser: true,
    why: "src/core runs in the browser too and imports only src/core",
  },
  { folder: "issuer", value: ["core"], why: "a use case imports the core and its own ports.ts" },
  { folder: "verifier", value: ["core"], why: "a use case imports the core and its own ports.ts" },
  { folder: "counter", value: ["core"], why: "a use case imports the core and its own ports.ts" },
  // Worker-thread plumbing (heap limits) for the adapters that run threads.
  { folder: "workers", value: ["core"], why: "src/workers is thread plumbing: it imports only the core" },
  { folder: "chain", value: ["core"], types: PORTS, why: ADAPTER },
  { folder: "store", value: ["core"], types: PORTS, why: ADAPTER },
  // The online counter's adapters: the canton's login, the register, the invoice, the mail relay.
  { folder: "identity", value: ["core"], types: PORTS, why: ADAPTER },
  { folder: "register", value: ["core"], types: PORTS, why: ADAPTER },
  { folder: "payment", value: ["core"], types: PORTS, why: ADAPTER },
  { folder: "mail", value: ["core"], types: PORTS, why: ADAPTER },
  // src/pdf and src/qr never import each other: what they share (RgbaImage, QrMatrix) is core.
  { folder: "pdf", value: ["core", "workers"], types: PORTS, why: `${ADAPTER} (and src/workers)` },
  { folder: "qr", value: ["core", "workers"], types: PORTS, why: `${ADAPTER} (and src/workers)` },
  // The document reader is the adapter over both: it finds the seal in a PDF or in a QR code.
  {
    folder: "documents",
    value: ["core", "workers", "pdf", "qr"],
    types: PORTS,
    why: `${ADAPTER} (src/documents also src/pdf, src/qr and src/workers)`,
  },
  {
    folder: "http",
    value: ["core", "issuer", "verifier", "counter", "wiring", "config.ts", "log.ts"],
    types: "*",
    why: EDGE,
  },
  {
    folder: "cli",
    value: ["core", "issuer", "verifier", "counter", "wiring", "config.ts", "log.ts"],
    types: "*",
    why: EDGE,
  },
  {
    folder: "web",
    value: ["core"],
    types: "*",
    browser: true,
    why: "the pages run in the browser: they import the core, and the rest as types only",
  },
  // The loose modules (log, health, metrics, paths, random, keccak-wasm) serve the edge and the wiring.
  {
    files: "*.ts",
    except: ["main.ts", "config.ts", "config-trust.ts"],
    value: ["core"],
    types: PORTS,
    why: "a module of src/ imports the core and, as types only, the use cases' ports.ts",
  },
  // The configuration's defaults for the local development chain are that chain's public keys;
  // the keys of any other chain are read from their keystores once, with the configuration.
  {
    files: "config.ts",
    value: ["core", "chain/dev/keys.ts", "chain/keystore.ts", "config-counter.ts", "config-trust.ts"],
    why: "config.ts imports the core, the dev chain's keys, the keystore reader and its own parts (the counter's, the trust list's)",
  },
  // The offices' part of the configuration names each office's counter fee (the counter's part).
  {
    files: "config-trust.ts",
    value: ["core", "config-counter.ts"],
    why: "config-trust.ts imports the core and the counter's part of the configuration",
  },
];
/** Deepest folder nesting under a layer's folder that a rule covers (src/<layer>/a/b/c/x.ts). */
const MAX_DEPTH = 4;

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const alternatives = (targets) =>
  `(?:${targets.map((t) => (t.endsWith(".ts") ? `${escape(t)}$` : `${escape(t)}/`)).join("|")})`;

/** One config block per folder depth of `layer`, so that `../` counts are exact. */
function boundaries(layer) {
  const { value, types = [], browser = false, why } = layer;
  const depths = layer.folder === undefined ? [0] : Array.from({ length: MAX_DEPTH }, (_, i) => i + 1);
  return depths.map((depth) => {
    const files =
      layer.folder === undefined ? `src/${layer.files}` : `src/${layer.folder}/${"*/".repeat(depth - 1)}*.ts`;
    const up = depth === 0 ? "\\./" : `(?:\\.\\./){${depth}}`;
    const allowed = layer.folder === undefined ? value : [...value, layer.folder];
    const where = "(eslint.config.js, docs/architecture.md)";
    const message = `${why} ${where}.`;
    const patterns = [];
    if (types === "*")
      patterns.push({ regex: `^${up}(?!${alternatives(allowed)})`, allowTypeImports: true, message });
    else {
      if (types.length > 0)
        patterns.push({ regex: `^${up}(?=${alternatives(types)})`, allowTypeImports: true, message });
      patterns.push({ regex: `^${up}(?!${alternatives([...allowed, ...types])})`, message });
    }
    const forbidden = patterns.map((p) => p.regex);
    if (browser) patterns.push({ group: ["node:*"], message: `${why}, and no Node built-in ${where}.` });
    return {
      files: [files],
      ignores: ["**/*.test.ts", ...(layer.except ?? []).map((f) => `src/${f}`)],
      rules: {
        "no-restricted-imports": ["error", { patterns }],
        "no-restricted-syntax": [
          "error",
          ...forbidden.map((regex) => ({
            selector: `ImportExpression[source.value=/${regex.replaceAll("/", "\\/")}/]`,
            message: `Dynamic import restricted: ${message}`,
          })),
        ],
      },
    };
  });
}

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".tools/",
      "artifacts/",
      "cache/",
      "types/",
      "dist/",
      "test-output/",
      "bench-output/",
      "src/web/dist/",
      "scratch/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-imports": "off",
    },
  },
  ...LAYERS.flatMap(boundaries),
  {
    // Tests feed hostile, untyped input on purpose and read JSON responses.
    files: ["**/*.test.ts", "test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["**/*.js"],
    ...tseslint.configs.disableTypeChecked,
  },
);
