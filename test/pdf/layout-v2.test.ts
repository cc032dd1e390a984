/**
 * What layout v2 prints for a paper holder, read back with the tools a recipient uses (poppler's
 * pdftotext, its word boxes) and from the page's own operators: the three steps beside the QR,
 * the counter's address, amounts right-aligned, and a statement accent that is not an alarm.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { LABELS } from "../../src/core/labels.ts";
import { keyDataOf } from "../../src/core/seal-body.ts";
import { renderExtractSync } from "../../src/pdf/render.ts";
import { pageOperators } from "../helpers/pdf-content.ts";
import { LAYOUT_CASES, LAYOUT_COUNTER_URL } from "../vectors/layout-inputs.ts";

const dir = mkdtempSync(join(tmpdir(), "sceau-layout-v2-"));
let files = 0;

function write(pdf: Uint8Array): string {
  const file = join(dir, `${files++}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** pdftotext's words with one space between, as a reader sees the lines run together. */
function text(pdf: Uint8Array, page = 1): string {
  const out = execFileSync("pdftotext", ["-f", String(page), "-l", String(page), write(pdf), "-"], {
    encoding: "utf8",
  });
  return flat(out);
}

const flat = (s: string): string => s.replace(/\s+/g, " ").trim();

interface Word {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly text: string;
}

/** pdftotext's word boxes on page 1 (points, origin top left). */
function words(pdf: Uint8Array, page = 1): Word[] {
  const html = execFileSync("pdftotext", ["-bbox", "-f", String(page), "-l", String(page), write(pdf), "-"], {
    encoding: "utf8",
  });
  return [
    ...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g),
  ].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    text: (m[4] ?? "")
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&"),
  }));
}

const render = (i: number, layout: number): Uint8Array => {
  const c = LAYOUT_CASES[i];
  if (!c) throw new Error(`no case ${i}`);
  return renderExtractSync({ ...c.input, layout });
};

describe("layout v2 for the paper holder", () => {
  test.each(LAYOUT_CASES.map((c, i) => ({ ...c, i })))(
    "pdftotext shows the three numbered steps and the counter's address: $name",
    ({ input, i }) => {
      const L = LABELS[input.extract.language];
      const page1 = text(render(i, 2));
      const [one, two, three] = L.steps(input.extract.debtor.type);
      expect(page1).toContain(flat(`1. ${one} 2. ${two} 3. ${three}`));
      expect(page1).toContain(flat(L.counterLine(LAYOUT_COUNTER_URL)));
      expect(page1).toContain(LAYOUT_COUNTER_URL);
    },
  );

  test("the steps name the verdict the page shows and what to compare, in each language", () => {
    const steps = (["fr", "de", "it", "en"] as const).map((l) => LABELS[l].steps("person").join(" "));
    expect(steps[0]).toContain("«\u00a0Authentique\u00a0» en vert");
    expect(steps[1]).toContain("«Echt» in Grün");
    expect(steps[2]).toContain("«Autentico» in verde");
    expect(steps[3]).toBe(
      "Scan the code with your phone's camera. The page must show “Genuine” in green. " +
        "Check that the name, date of birth and number of proceedings shown are those on this paper.",
    );
    expect(LABELS.en.counterLine("https://x.example/counter")).toBe(
      "Order your own extract online: https://x.example/counter",
    );
  });

  test("the statement printed is the core's sentence, the one the verification page shows", () => {
    for (const [i, c] of LAYOUT_CASES.entries()) {
      const L = LABELS[c.input.extract.language];
      const [proceedings, losses] = L.statement(keyDataOf(c.input.extract).summary);
      expect(text(render(i, 2)), c.name).toContain(flat(`${proceedings} ${losses}`));
    }
    expect(text(render(0, 2))).toContain("Aucune poursuite enregistrée. Aucun acte de défaut de biens.");
  });

  test("amounts are right-aligned in v2: every figure ends at the table's right edge, the CHF start anywhere", () => {
    const amounts = (pdf: Uint8Array): { chf: Word; figure: Word }[] => {
      const w = words(pdf).filter((x) => x.yMin > 300); // the tables, below the statement
      return w.flatMap((x, k) => {
        const next = w[k + 1];
        return x.text === "CHF" && next && /^\d[\d']*\.\d\d$/.test(next.text)
          ? [{ chf: x, figure: next }]
          : [];
      });
    };
    const v2 = amounts(render(3, 2));
    expect(v2.length).toBeGreaterThan(10);
    // Right edge of the text area (18 mm from the page's edge) less the cell's 4 pt padding.
    const right = 595.28 - (18 * 72) / 25.4 - 4;
    for (const a of v2) expect(a.figure.xMax).toBeCloseTo(right, 0);
    expect(new Set(v2.map((a) => a.chf.xMin.toFixed(1))).size).toBeGreaterThan(3);
    // Layout v1 (frozen) left-aligned them: the CHF start at one x per table, the figures end anywhere.
    const v1 = amounts(render(3, 1));
    expect(new Set(v1.map((a) => a.chf.xMin.toFixed(1))).size).toBeLessThanOrEqual(2);
    expect(new Set(v1.map((a) => a.figure.xMax.toFixed(1))).size).toBeGreaterThan(3);
  });

  test("the accent beside the statement is not red in v2, beside “Aucune poursuite” too (v1's was)", () => {
    /** The colour of the 1.6 mm bar drawn left of the statement on page 1. */
    const bar = (pdf: Uint8Array): number[] => {
      const ops = pageOperators(pdf)[0] ?? "";
      const m = /([\d.]+) ([\d.]+) ([\d.]+) rg [\d.]+ [\d.]+ 4\.535 [\d.]+ re f/.exec(ops);
      if (!m) throw new Error("no statement bar");
      return [Number(m[1]), Number(m[2]), Number(m[3])];
    };
    const reddish = ([r, g, b]: number[]): boolean => (r ?? 0) > (g ?? 0) + 0.2 && (r ?? 0) > (b ?? 0) + 0.2;
    expect(text(render(0, 2))).toContain("Aucune poursuite");
    for (let i = 0; i < LAYOUT_CASES.length; i++) {
      expect(reddish(bar(render(i, 2))), LAYOUT_CASES[i]?.name).toBe(false);
      expect(reddish(bar(render(i, 1)))).toBe(true);
    }
  });

  test("paper and page share the labels: the issue date is «Date d'émission», open proceedings «en cours»", () => {
    const fr = text(render(0, 2));
    expect(fr).toContain(LABELS.fr.issuedOn);
    expect(LABELS.fr.issuedOn).toBe("Date d'émission");
    expect(text(render(1, 2))).toContain("1 Betreibung verzeichnet, offen über CHF");
    expect(text(render(0, 1))).toContain("Date d'établissement"); // v1, frozen
  });
});
