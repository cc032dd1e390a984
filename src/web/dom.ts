/**
 * A few DOM helpers. Text always goes in as text nodes, never as HTML: a seal's names come from a
 * QR code anyone can print, so nothing from it may ever be parsed as markup.
 * @module
 */

export type Child = Node | string | number | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined | ((e: Event) => void);
export type Attrs = Record<string, AttrValue>;

/** An element with attributes (`onclick` and friends become listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (typeof value === "function") {
        el.addEventListener(name.slice(2), value);
      } else if (value === true) {
        el.setAttribute(name, "");
      } else {
        el.setAttribute(name, String(value));
      }
    }
  }
  append(el, children);
  return el;
}

function append(parent: Node, children: (Child | Child[])[]): void {
  for (const c of children) {
    if (Array.isArray(c)) append(parent, c);
    else if (c === null || c === undefined || c === false) continue;
    else parent.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
}

const SVG = "http://www.w3.org/2000/svg";

/** An icon from path data on a 24 × 24 grid; decorative (the words next to it say the same). */
export function icon(paths: readonly string[], className = "icon"): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", className);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  for (const d of paths) {
    const p = document.createElementNS(SVG, "path");
    p.setAttribute("d", d);
    svg.appendChild(p);
  }
  return svg;
}

export const ICONS = {
  check: ["M4 12.5l5 5L20 6.5"],
  cross: ["M6 6l12 12M18 6L6 18"],
  warn: ["M12 3L2 21h20L12 3z", "M12 10v5", "M12 18v.01"],
  ban: ["M12 3a9 9 0 100 18 9 9 0 000-18z", "M5.6 5.6l12.8 12.8"],
  cloud: ["M7 18h10a4 4 0 000-8 6 6 0 00-11.3 2A3 3 0 007 18z", "M12 11v3", "M12 16.5v.01"],
  dash: ["M6 12h12"],
  info: ["M12 3a9 9 0 100 18 9 9 0 000-18z", "M12 11v6", "M12 7.5v.01"],
} as const;

/**
 * A value shown among other text (a name, a town, a number) in its own bidirectional isolate:
 * whatever characters it holds (a right-to-left name, or an override a forger slipped in), it
 * cannot reorder the text around it, nor be reordered by it.
 */
export function iso(value: string | number): HTMLElement {
  return h("bdi", null, value);
}

/** Replaces the content of `el`. */
export function replace(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A required element of the page. */
export function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`Missing element #${id}.`);
  return el;
}
