/**
 * Next.js gives every `"use cache"` function a server reference id, as it gives a server
 * action, and its action handler runs whichever a POST names in `Next-Action`, with the
 * arguments the caller sends. This app never calls a cached function from the browser, so
 * proxy.ts refuses such a request before Next reads it: a cached function is not an endpoint.
 *
 * The id's first byte says which kind it is; Next's own reading of it decides.
 */
import { extractInfoFromServerReferenceId } from "next/dist/shared/lib/server-reference-info";

/** True for a POST that calls a `"use cache"` function, or names a reference id that is no id at all. */
export function isCacheFunctionCall(method: string, headers: Headers): boolean {
  const id = headers.get("next-action");
  if (method !== "POST" || id === null) return false;
  if (!/^[0-9a-f]{2}/i.test(id)) return true;
  return extractInfoFromServerReferenceId(id).type === "use-cache";
}
