/**
 * The picture vocabulary shared by the adapters that draw and read QR codes (`src/pdf` renders
 * pages to pixels and draws the stamp's symbol, `src/qr` decodes pixels and encodes symbols), so
 * that neither imports the other.
 * @module
 */

/** Pixels, four bytes each (red, green, blue, alpha), rows top to bottom. */
export interface RgbaImage {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** A QR symbol's modules. */
export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  readonly version: number;
  isDark(row: number, col: number): boolean;
}

/** Quiet zone required around a QR symbol, in modules (ISO/IEC 18004). */
export const QUIET_ZONE_MODULES = 4;
