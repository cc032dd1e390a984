/**
 * What the counter's page routes share: the session's language, the layout, sending a page and
 * running a handler whose failure becomes a page; and small form helpers.
 * @module
 */
import { randomBytes } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { base32Encode } from "../../core/base32.ts";
import { LANGUAGES, type Language } from "../../core/extract.ts";
import { say, type MessageValues } from "../../core/format.ts";
import type { Layout } from "./pages.ts";
import type { Session } from "./session.ts";
import { T, type Key } from "./strings.ts";

export interface PageKit {
  readonly langOf: (req: Request, s: Session | null) => Language;
  readonly layout: (req: Request, s: Session | null, lang: Language, title: string) => Layout;
  readonly send: (res: Response, status: number, html: string) => void;
  readonly handle: (
    f: (req: Request, res: Response, s: Session | null) => Promise<void> | void,
  ) => RequestHandler;
  /** The form body parser (URL-encoded, small). */
  readonly form: RequestHandler;
}

export function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

export function languageOf(value: unknown, fallback: Language): Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value)
    ? (value as Language)
    : fallback;
}

/** A fresh order id for a form: 26 base32 characters (128 random bits). */
export function newOrderId(): string {
  return base32Encode(randomBytes(16));
}

/** A message as plain text (a page title, escaped by the layout). */
export function plain(lang: Language, key: Key, values: MessageValues = {}): string {
  return say(T[key], lang, values);
}
