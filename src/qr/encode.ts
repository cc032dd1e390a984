/**
 * QR symbols for seal text. The `qrcode` library picks the segments (byte mode for the URL,
 * alphanumeric mode for the base32 seal) and the mask; we only read its module matrix, which
 * the PDF stamp draws as vector rectangles.
 * @module
 */
import QRCode from "qrcode";

export type ErrorCorrection = "L" | "M" | "Q" | "H";

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  readonly version: number;
  isDark(row: number, col: number): boolean;
}

/** Quiet zone required around a QR symbol, in modules (ISO/IEC 18004). */
export const QUIET_ZONE_MODULES = 4;

export function qrMatrix(text: string, errorCorrection: ErrorCorrection = "M"): QrMatrix {
  const qr = QRCode.create(text, { errorCorrectionLevel: errorCorrection });
  const { size, data } = qr.modules;
  return {
    size,
    version: qr.version,
    isDark: (row, col) => data[row * size + col] === 1,
  };
}

/** The QR as an SVG document (used by web pages and for printing tests). */
export function qrSvg(text: string, errorCorrection: ErrorCorrection = "M"): Promise<string> {
  return QRCode.toString(text, {
    type: "svg",
    errorCorrectionLevel: errorCorrection,
    margin: QUIET_ZONE_MODULES,
  });
}
