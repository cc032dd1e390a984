/** Verification through the HTTP API, as the tests call it. */

/** `POST /api/v1/verify` with scanned QR text: the HTTP status and the report (or the error). */
export async function verifyQrText(
  baseUrl: string,
  qr: string,
): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${baseUrl}/api/v1/verify`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ qr }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
