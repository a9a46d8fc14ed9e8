/**
 * The client's address, from the request headers: the first entry of `X-Forwarded-For`,
 * else `X-Real-IP`. Used for consent records and for the per-address sign-in and sign-up
 * throttles.
 *
 * Trust assumption: the app runs behind a proxy that sets these headers to the address it
 * received the connection from, replacing whatever the client sent (Vercel does; behind
 * nginx: `proxy_set_header X-Forwarded-For $remote_addr;`). Next.js fills
 * `X-Forwarded-For` from the socket only when the request has none, so an app exposed
 * directly lets a client choose its own address: the per-address limits can then be
 * sidestepped, while the per-account limits still hold.
 */

/** At most this many characters are kept (an IPv6 address with a zone fits easily). */
const MAX_LENGTH = 64;

export function clientAddressFrom(get: (name: string) => string | null | undefined): string | null {
  const forwarded = get("x-forwarded-for")?.split(",")[0]?.trim();
  const address = forwarded || get("x-real-ip")?.trim() || null;
  return address ? normaliseAddress(address) : null;
}

/** Lower case, IPv4-mapped IPv6 as plain IPv4, so one client has one key. */
export function normaliseAddress(address: string): string {
  const lower = address.toLowerCase().slice(0, MAX_LENGTH);
  return lower.startsWith("::ffff:") && lower.includes(".") ? lower.slice("::ffff:".length) : lower;
}
