/**
 * The security headers of every response of the app (set in proxy.ts): a Content Security
 * Policy whose scripts need this request's nonce, plus framing, referrer, MIME sniffing,
 * permissions and (over https) HSTS. Stripe.js and its frames are allowed from where they
 * come from: the local emulator's origin, or Stripe's own hosts with real keys.
 */

/** The request header proxy.ts passes the nonce in (read by the root layout). */
export const NONCE_HEADER = "x-nonce";

export interface SecurityHeaderOptions {
  /** A fresh random value per request; Next.js puts it on its own scripts. */
  nonce: string;
  /** Where Stripe.js comes from. */
  stripe: { mode: "emulator"; emulatorUrl: string } | { mode: "stripe" };
  /** The app's public URL: HSTS and upgrade-insecure-requests only when it is https. */
  appUrl: string;
  /** `next dev` needs eval (React's dev tools) and a websocket for hot reload. */
  development: boolean;
}

/** Stripe's hosts, as its CSP guide lists them for Stripe.js, Elements and 3D Secure. */
export const STRIPE_SOURCES = {
  script: ["https://js.stripe.com", "https://*.js.stripe.com"],
  frame: ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com", "https://*.stripe.com"],
  connect: ["https://api.stripe.com"],
  img: ["https://*.stripe.com"],
} as const;

/** A nonce: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

function stripeSources(stripe: SecurityHeaderOptions["stripe"]) {
  if (stripe.mode === "stripe") return STRIPE_SOURCES;
  const origin = new URL(stripe.emulatorUrl).origin;
  return { script: [origin], frame: [origin], connect: [origin], img: [origin] };
}

export function isHttps(url: string): boolean {
  return url.startsWith("https://");
}

export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  const stripe = stripeSources(options.stripe);
  const directives: Record<string, readonly string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic': scripts the nonced ones load (Stripe.js via loadStripe, Next's
    // chunks) are trusted; the host list is the fallback for browsers without it.
    "script-src": [
      "'self'",
      `'nonce-${options.nonce}'`,
      "'strict-dynamic'",
      ...stripe.script,
      ...(options.development ? ["'unsafe-eval'"] : []),
    ],
    // React and Stripe.js set style attributes; styles cannot run code.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...stripe.img],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...stripe.connect, ...(options.development ? ["ws:", "wss:"] : [])],
    "frame-src": [...stripe.frame],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  const parts = Object.entries(directives).map(([name, values]) => `${name} ${values.join(" ")}`);
  if (isHttps(options.appUrl)) parts.push("upgrade-insecure-requests");
  return parts.join("; ");
}

/** `payment` for us and Stripe's frames (wallets); nothing else the app does not use. */
export function permissionsPolicy(stripe: SecurityHeaderOptions["stripe"]): string {
  const origins = stripe.mode === "stripe" ? ["https://js.stripe.com", "https://hooks.stripe.com"] : [new URL(stripe.emulatorUrl).origin];
  return [
    `payment=(self ${origins.map((o) => `"${o}"`).join(" ")})`,
    "camera=()",
    "microphone=()",
    "geolocation=()",
    "usb=()",
  ].join(", ");
}

/** Every security header of a page response, CSP included. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": permissionsPolicy(options.stripe),
    "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
  };
  if (isHttps(options.appUrl) && !options.development) {
    headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  }
  return headers;
}
