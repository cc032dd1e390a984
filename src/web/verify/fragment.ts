/**
 * `/v#<seal>`, what a phone camera opens from the QR code: the seal is read from the URL
 * fragment and checked on the device; once the verdict is shown, it leaves the address bar.
 * @module
 */
import { stopCamera } from "./camera-view.ts";
import { verifyText } from "./checking.ts";
import { show, state } from "./state.ts";

export async function fromFragment(): Promise<void> {
  stopCamera();
  let text: string;
  try {
    text = decodeURIComponent(location.hash.slice(1));
  } catch {
    // `/v#%`: not even text. Said in words, and the broken link taken out of the address bar.
    forgetFragment();
    show({ kind: "failed", code: "LINK_INVALID", detail: "" });
    return;
  }
  if (text.length === 0) return;
  await verifyText(text);
  // The seal holds names and a birth date: once the verdict is shown it leaves the address bar
  // and the history (the result screen keeps it in memory). Without a verdict (no network) it
  // stays, so that reloading the page tries again.
  if (state.view.kind === "result") forgetFragment();
}

function forgetFragment(): void {
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
}
