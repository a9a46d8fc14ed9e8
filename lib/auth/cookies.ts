/** next-auth's cookies are `Secure` (and `__Secure-` prefixed) when the app is served over https. */
export function secureCookiesFor(appUrl: string): boolean {
  return appUrl.startsWith("https://");
}
