/**
 * The largest server-action request body: `experimental.serverActions.bodySizeLimit` ("6mb")
 * in the Next config, a little over the 5 MB photo limit (lib/listings/uploads.ts) for the
 * multipart envelope and the other fields. proxy.ts answers larger requests with a clear
 * 413 before Next reads them (Next itself would answer 500).
 */
export const ACTION_BODY_LIMIT_BYTES = 6 * 1024 * 1024;

export const ACTION_BODY_TOO_LARGE_MESSAGE = "This upload is too large: photos can be at most 5 MB.";

/** True for a server-action POST whose declared size is over the limit. */
export function isOversizedActionRequest(method: string, headers: Headers): boolean {
  if (method !== "POST" || !headers.has("next-action")) return false;
  const length = Number(headers.get("content-length"));
  return Number.isFinite(length) && length > ACTION_BODY_LIMIT_BYTES;
}
