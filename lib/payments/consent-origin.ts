import "server-only";
import { headers } from "next/headers";
import { clientAddressFrom } from "@/lib/client-address";

/** Where a consent was given (IP, user agent), for the consent record. */
export async function consentOrigin(): Promise<{ ip: string | null; userAgent: string | null }> {
  const h = await headers();
  return { ip: clientAddressFrom((name) => h.get(name)), userAgent: h.get("user-agent") };
}
