/** Messages between the verification page and its QR-scanning worker. */

export type ToWorker =
  | { readonly type: "init"; readonly wasmUrl: string }
  | {
      readonly type: "scan";
      readonly id: number;
      readonly width: number;
      readonly height: number;
      /** RGBA pixels, transferred. */
      readonly data: ArrayBuffer;
    };

export type FromWorker =
  | { readonly type: "ready" }
  | { readonly type: "result"; readonly id: number; readonly texts: readonly string[] }
  | { readonly type: "error"; readonly message: string };
