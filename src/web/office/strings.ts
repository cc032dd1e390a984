/**
 * Words of the office console in its four languages: ICU MessageFormat patterns, formatted by
 * src/core/format.ts with each language's plural rules ("1 ligne traitée", "2 lignes traitées").
 * One file per language (words-*.ts), each with exactly the English keys.
 * @module
 */
import type { Language } from "../../core/extract.ts";
import { de } from "./words-de.ts";
import { en, type OfficeKey } from "./words-en.ts";
import { fr } from "./words-fr.ts";
import { it } from "./words-it.ts";

export type { OfficeKey };

export const STRINGS: Record<Language, Record<OfficeKey, string>> = { en, fr, de, it };
