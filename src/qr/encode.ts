/**
 * QR symbols for seal text. The `qrcode` library picks the segments (byte mode for the URL,
 * alphanumeric mode for the base32 seal) and the mask; we only read its module matrix, which
 * the PDF stamp draws as vector rectangles.
 * @module
 */
import QRCode from "qrcode";
import type { QrMatrix } from "../core/image.ts";

export type ErrorCorrection = "L" | "M" | "Q" | "H";

/** The symbol `qrcode` makes of `text` (its own segments and mask), as a module matrix. */
export function qrMatrix(text: string, errorCorrection: ErrorCorrection = "M"): QrMatrix {
  const qr = QRCode.create(text, { errorCorrectionLevel: errorCorrection });
  const { size, data } = qr.modules;
  return {
    size,
    version: qr.version,
    isDark: (row, col) => data[row * size + col] === 1,
  };
}
