/**
 * Talking to the service from the pages: JSON with the API's error shape, and uploads with
 * progress (XMLHttpRequest: `fetch` reports no upload progress).
 * @module
 */

export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

/** A response that is not 2xx, or no response at all (`status` 0, code `NETWORK`). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.details = body.details;
  }
}

export interface Answer<T> {
  readonly status: number;
  readonly body: T;
}

function errorOf(status: number, body: unknown): ApiError {
  const e = (body as { error?: Partial<ApiErrorBody> } | null)?.error;
  return new ApiError(status, {
    code: typeof e?.code === "string" ? e.code : `HTTP_${status}`,
    message: typeof e?.message === "string" ? e.message : `HTTP ${status}`,
    details: e?.details,
  });
}

/**
 * A JSON request to this origin. No cookies, no referrer: nothing but what the call names leaves
 * the page. `ok` lists the statuses that carry a usable body besides 2xx (e.g. 503 for a report).
 */
export async function api<T>(
  path: string,
  init: { method?: string; token?: string | null; json?: unknown; ok?: readonly number[] } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers["Content-Type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? "GET",
      headers,
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      credentials: "omit",
      referrerPolicy: "no-referrer",
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, { code: "NETWORK", message: "The service could not be reached." });
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok && !(init.ok ?? []).includes(res.status)) throw errorOf(res.status, body);
  return { status: res.status, body: body as T };
}

/** Bytes of a response (a PDF), with the API's errors. */
export async function download(path: string, token: string): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(path, {
      headers: { Authorization: `Bearer ${token}` },
      credentials: "omit",
      referrerPolicy: "no-referrer",
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, { code: "NETWORK", message: "The service could not be reached." });
  }
  if (!res.ok) {
    throw errorOf(res.status, await res.json().catch(() => null));
  }
  return res.blob();
}

/** Saves a blob as a file the browser downloads. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

/**
 * Uploads a body with progress (0–1 while sending, then `null` while the server works).
 * `ok` as for {@link api}.
 */
export function upload<T>(
  path: string,
  body: Blob | FormData,
  options: {
    token?: string | null;
    contentType?: string;
    onProgress: (fraction: number | null) => void;
    ok?: readonly number[];
  },
): Promise<Answer<T>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.responseType = "json";
    xhr.setRequestHeader("Accept", "application/json");
    if (options.token) xhr.setRequestHeader("Authorization", `Bearer ${options.token}`);
    if (options.contentType) xhr.setRequestHeader("Content-Type", options.contentType);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) options.onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => {
      options.onProgress(null);
    };
    xhr.onerror = () => {
      reject(new ApiError(0, { code: "NETWORK", message: "The service could not be reached." }));
    };
    xhr.onload = () => {
      const status = xhr.status;
      const json: unknown = xhr.response;
      if ((status >= 200 && status < 300) || (options.ok ?? []).includes(status)) {
        resolve({ status, body: json as T });
      } else {
        reject(errorOf(status, json));
      }
    };
    xhr.send(body);
  });
}
