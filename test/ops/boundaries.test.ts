/**
 * The layer rules of eslint.config.js bite: for each rule, a real file of the folder it governs,
 * with one forbidden import added, fails lint, and the untouched file (or one with an allowed
 * import added) passes. The text is linted under the real file's path (`lintText` with
 * `filePath`), so the folder's rules apply and nothing is written to disk. And every source file
 * outside the composition root is under a rule, so a new folder cannot slip past them.
 *
 * Only the boundary rules run (`ruleFilter`), without type information: they read the import as
 * written, and the full lint step checks everything else.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ESLint, type Linter } from "eslint";
import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../../src/paths.ts";

const BOUNDARY_RULES = new Set(["no-restricted-imports", "no-restricted-syntax"]);
const eslint = new ESLint({
  cwd: PROJECT_ROOT,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => BOUNDARY_RULES.has(ruleId),
});

/** The boundary errors of `file` with `line` put before its first line. */
async function boundaryErrors(file: string, line?: string): Promise<Linter.LintMessage[]> {
  const source = readFileSync(join(PROJECT_ROOT, file), "utf8");
  const [result] = await eslint.lintText(line === undefined ? source : `${line}\n${source}`, {
    filePath: join(PROJECT_ROOT, file),
  });
  expect(result?.fatalErrorCount, file).toBe(0);
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId));
}

interface Rule {
  /** What the rule says. */
  readonly rule: string;
  /** A real file the rule governs. */
  readonly file: string;
  /** Import lines the rule forbids in that file. */
  readonly forbidden: readonly string[];
  /** Import lines it allows (its exceptions), beyond what the file already imports. */
  readonly allowed?: readonly string[];
}

const RULES: readonly Rule[] = [
  {
    rule: "src/core imports only src/core, and no Node built-in",
    file: "src/core/verify.ts",
    forbidden: [
      `import { Verifier } from "../verifier/verifier.ts";`,
      `import type { RouteDeps } from "../http/deps.ts";`,
      `import { readFileSync } from "node:fs";`,
      `export { Journal } from "../store/journal.ts";`,
    ],
    allowed: [`import { toHex } from "./bytes.ts";`],
  },
  {
    rule: "src/issuer imports the core and its own ports, never an adapter (even as a type)",
    file: "src/issuer/intake.ts",
    forbidden: [
      `import { Journal } from "../store/journal.ts";`,
      `import type { RenderInput } from "../pdf/render.ts";`,
      `import type { TrustedRegistry } from "../verifier/ports.ts";`,
      `import { createLogger } from "../log.ts";`,
    ],
    allowed: [
      `import type { JournalPort } from "./ports.ts";`,
      `import type { Logger } from "../core/log.ts";`,
    ],
  },
  {
    rule: "src/verifier imports the core and its own ports, never an adapter",
    file: "src/verifier/checks/chain-status.ts",
    forbidden: [
      `import { RegistryClient } from "../../chain/registry.ts";`,
      `import type { QrLocator } from "../../documents/locator.ts";`,
      `import type { JournalPort } from "../../issuer/ports.ts";`,
    ],
    allowed: [`import type { TrustedRegistry } from "../ports.ts";`],
  },
  {
    rule: "an adapter (src/chain) imports a use case's ports as types only, never a use case, the edge or the wiring",
    file: "src/chain/issuer-chain.ts",
    forbidden: [
      `import { something } from "../issuer/ports.ts";`,
      `import type { IssuerService } from "../issuer/service.ts";`,
      `import { Verifier } from "../verifier/verifier.ts";`,
      `import { createApp } from "../http/app.ts";`,
      `import { command } from "../cli/issue.ts";`,
      `import { startIssuer } from "../wiring/issuer.ts";`,
      `import "../main.ts";`,
      `import { Journal } from "../store/journal.ts";`,
    ],
    allowed: [`import type { TrustedRegistry } from "../verifier/ports.ts";`],
  },
  {
    rule: "an adapter in a subfolder (src/chain/dev) is held to the same rule",
    file: "src/chain/dev/replay.ts",
    forbidden: [`import { IssuerService } from "../../issuer/service.ts";`, `import "../../log.ts";`],
    allowed: [`import { RegistryClient } from "../registry.ts";`],
  },
  {
    rule: "src/store (the journal) imports the core and the issuer's ports as types",
    file: "src/store/extracts.ts",
    forbidden: [
      `import { IssuerService } from "../issuer/service.ts";`,
      `import { renderExtract } from "../pdf/render.ts";`,
    ],
    allowed: [`import type { ExtractRow } from "../issuer/ports.ts";`],
  },
  {
    rule: "src/pdf never imports src/qr, nor the use cases' code",
    file: "src/pdf/stamp.ts",
    forbidden: [
      `import { encodeQr } from "../qr/encode.ts";`,
      `import type { QrScan } from "../qr/decode.ts";`,
      `import { Intake } from "../issuer/intake.ts";`,
    ],
    allowed: [`import { watchHeap } from "../workers/heap-watch.ts";`],
  },
  {
    rule: "src/qr never imports src/pdf",
    file: "src/qr/image.ts",
    forbidden: [
      `import { rasterise } from "../pdf/raster.ts";`,
      `import type { RenderInput } from "../pdf/render.ts";`,
    ],
  },
  {
    rule: "src/workers (thread plumbing) imports only the core",
    file: "src/workers/heap-watch.ts",
    forbidden: [
      `import { stampSeal } from "../pdf/stamp.ts";`,
      `import type { RenderPort } from "../issuer/ports.ts";`,
    ],
  },
  {
    rule: "src/documents reads with src/pdf and src/qr, and no other adapter",
    file: "src/documents/locator.ts",
    forbidden: [
      `import { Journal } from "../store/journal.ts";`,
      `import { Verifier } from "../verifier/verifier.ts";`,
    ],
    allowed: [`import { encodeQr } from "../qr/encode.ts";`],
  },
  {
    rule: "src/http never imports an adapter but as a type",
    file: "src/http/routes/extracts.ts",
    forbidden: [
      `import { Journal } from "../../store/journal.ts";`,
      `import { RegistryClient } from "../../chain/registry.ts";`,
      `import { createMetrics } from "../../metrics.ts";`,
    ],
    allowed: [
      `import type { Journal } from "../../store/journal.ts";`,
      `import { startService } from "../../wiring/service.ts";`,
      `import { loadConfig } from "../../config.ts";`,
    ],
  },
  {
    rule: "src/cli never imports an adapter but as a type",
    file: "src/cli/verify.ts",
    forbidden: [
      `import { QrLocator } from "../documents/locator.ts";`,
      `import { JsQrRunner } from "../qr/jsqr.ts";`,
    ],
    allowed: [
      `import { createLogger } from "../log.ts";`,
      `import type { RegistryClient } from "../chain/registry.ts";`,
    ],
  },
  {
    rule: "the pages (src/web) import the core, and anything else as types only, and no Node built-in",
    file: "src/web/office/list.ts",
    forbidden: [
      `import { IssuerService } from "../../issuer/service.ts";`,
      `import { readFileSync } from "node:fs";`,
      `import { openApiDocument } from "../../http/openapi.ts";`,
    ],
    allowed: [`import type { ListItem } from "../../issuer/service.ts";`, `import { h } from "../dom.ts";`],
  },
  {
    rule: "a loose module of src/ imports the core, and the use cases' ports as types",
    file: "src/metrics.ts",
    forbidden: [
      `import { Journal } from "./store/journal.ts";`,
      `import { startService } from "./wiring/service.ts";`,
    ],
    allowed: [`import type { IssuerObserver } from "./issuer/ports.ts";`],
  },
  {
    rule: "config.ts imports the core, the development chain's keys and the keystore reader, no other adapter",
    file: "src/config.ts",
    forbidden: [
      `import { RegistryClient } from "./chain/registry.ts";`,
      `import { createLogger } from "./log.ts";`,
    ],
    allowed: [
      `import { loadKeys } from "./chain/keystore.ts";`,
      `import { readOffices } from "./config-trust.ts";`,
    ],
  },
  {
    rule: "config-trust.ts (the offices and the trust list) imports the core and the counter's part, no adapter",
    file: "src/config-trust.ts",
    forbidden: [
      `import { readKeystore } from "./chain/keystore.ts";`,
      `import { loadConfig } from "./config.ts";`,
    ],
    allowed: [`import { officePaymentSchema } from "./config-counter.ts";`],
  },
  {
    rule: "a dynamic import() is held to the same rule",
    file: "src/pdf/pool.ts",
    forbidden: [`void import("../qr/encode.ts");`, `void import("../wiring/issuer.ts");`],
    allowed: [`void import("./stamp.ts");`],
  },
  {
    rule: "a dynamic import() from the edge is held to the same rule",
    file: "src/cli/issue.ts",
    forbidden: [`void import("../store/journal.ts");`],
    allowed: [`void import("../wiring/verifier.ts");`],
  },
];

describe("layer boundaries (eslint.config.js)", () => {
  for (const { rule, file, forbidden, allowed = [] } of RULES) {
    test(`${rule}: ${file} as it is passes, with a forbidden import fails`, async () => {
      expect(await boundaryErrors(file)).toEqual([]);
      for (const line of allowed) expect(await boundaryErrors(file, line), line).toEqual([]);
      for (const line of forbidden) {
        const errors = await boundaryErrors(file, line);
        expect(
          errors.map((e) => e.line),
          line,
        ).toEqual([1]);
        expect(errors[0]?.message, line).toContain("docs/architecture.md");
      }
    });
  }

  test("every source file outside the composition root (src/wiring, src/main.ts) is under a rule", async () => {
    const files = execFileSync(
      "git",
      ["ls-files", "--cached", "--others", "--exclude-standard", "--", "src/*.ts"],
      {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
      },
    )
      .split("\n")
      .filter(
        (f) => f !== "" && !f.endsWith(".test.ts") && !f.startsWith("src/wiring/") && f !== "src/main.ts",
      );
    expect(files.length).toBeGreaterThan(100);
    const unruled: string[] = [];
    for (const f of files) {
      const config = (await eslint.calculateConfigForFile(join(PROJECT_ROOT, f))) as Linter.Config;
      const [severity] = [config.rules?.["no-restricted-imports"]].flat();
      if (severity !== 2 && severity !== "error") unruled.push(f);
    }
    expect(unruled).toEqual([]);
  });
});
