/**
 * The authorization matrix: the ONE table of who may open every page, call every route
 * handler and every server action of the app.
 *
 * - `tests/unit/access-matrix-coverage.test.ts` (in `npm run test:unit`) lists app/ from disk
 *   (every page.tsx, route.ts and exported server action) and fails when one has no row here,
 *   or a row names something that no longer exists.
 * - `e2e/access-matrix.spec.ts` (in `npm run test:e2e`) plays every row against the production
 *   server with each role's real session: pages and route handlers over HTTP, server actions
 *   over HTTP the way Next's client calls them (the `Next-Action` header, the arguments
 *   encoded as the React client encodes them). A refused cell must answer the refusal and
 *   never show the fixture's private data; a refused action must change nothing.
 *
 * Roles: a visitor, the fixture booking's customer, another customer, the fixture listing's
 * provider, another provider, an operator, and a customer suspended after signing in.
 */

export const ROLES = ["anonymous", "customer", "otherCustomer", "provider", "otherProvider", "operator", "suspended"] as const;
export type MatrixRole = (typeof ROLES)[number];

/**
 * A page or route handler: `ok` (200), `sign-in` (sent to sign in), `forbidden` (sent to
 * /forbidden), `not-found` (404), `refused` (a 4xx answer, for route handlers),
 * `redirect:/path` (a page that only forwards, e.g. to the role's home).
 */
export type HttpCell = "ok" | "sign-in" | "forbidden" | "not-found" | "refused" | `redirect:/${string}`;
/**
 * A server action: `ok` (the role gets past every access check: the proxy, the wrapper's role
 * check and, for owners, the use case's actor check on an id that does not exist) or
 * `refused` (refused by one of them, and nothing changes).
 */
export type ActionCell = "ok" | "refused";

type Row<C> = Record<MatrixRole, C>;

/**
 * Placeholders in URLs, bound ids and fields, filled from the e2e fixture: {booking} {listing}
 * {slug} {email} {card} {user} {photo} {blockedDate} {futureDate} {missing}; a field
 * `{pngFile}` is sent as a small PNG file.
 */
export interface PageRow {
  url: string;
  expect: Row<HttpCell>;
}
export interface RouteRow {
  method: "GET" | "POST";
  url: string;
  expect: Row<HttpCell>;
}
export interface ActionRow {
  /**
   * The id bound to the action (`action.bind(null, id)`), if any. Owners (the cells marked
   * `owner`) are called with `{missing}` (an id that does not exist: the check is passed,
   * nothing can change); everyone else with the fixture's real id.
   */
  bound?: string;
  /** Form fields sent (valid where cheap, so the use case's own actor check is what refuses). */
  fields?: Record<string, string>;
  /** Roles that own the bound fixture (called with {missing}). */
  owners?: readonly MatrixRole[];
  expect: Row<ActionCell>;
}

// Shorthands for the common shapes; every row still lists all seven roles through them.
const everyone = <C>(cell: C): Row<C> => ({ anonymous: cell, customer: cell, otherCustomer: cell, provider: cell, otherProvider: cell, operator: cell, suspended: cell });
const row = <C>(cells: Row<C>): Row<C> => cells;

// A customer page: visitors and the suspended customer sign in, other roles are sent away.
const customerArea = (other: HttpCell = "ok"): Row<HttpCell> =>
  row({ anonymous: "sign-in", customer: "ok", otherCustomer: other, provider: "forbidden", otherProvider: "forbidden", operator: "forbidden", suspended: "sign-in" });
const providerArea = (other: HttpCell = "ok"): Row<HttpCell> =>
  row({ anonymous: "sign-in", customer: "forbidden", otherCustomer: "forbidden", provider: "ok", otherProvider: other, operator: "forbidden", suspended: "forbidden" });
const adminArea: Row<HttpCell> = row({
  anonymous: "sign-in",
  customer: "forbidden",
  otherCustomer: "forbidden",
  provider: "forbidden",
  otherProvider: "forbidden",
  operator: "ok",
  suspended: "forbidden",
});
const authPage: Row<HttpCell> = row({
  anonymous: "ok",
  customer: "redirect:/account/bookings",
  otherCustomer: "redirect:/account/bookings",
  provider: "redirect:/provider/listings",
  otherProvider: "redirect:/provider/listings",
  operator: "redirect:/admin",
  suspended: "ok",
});

export const PAGES: Record<string, PageRow> = {
  "app/(auth)/sign-in/page.tsx": { url: "/sign-in", expect: authPage },
  "app/(auth)/sign-up/page.tsx": { url: "/sign-up", expect: authPage },
  // The e-mail link's page: anyone may open it (it changes nothing); an unknown token is "expired".
  "app/(auth)/sign-up/confirm/page.tsx": { url: "/sign-up/confirm?token={missing}", expect: everyone("ok") },
  "app/(marketing)/page.tsx": { url: "/", expect: everyone("ok") },
  "app/(marketing)/saunas/[slug]/page.tsx": { url: "/saunas/{slug}", expect: everyone("ok") },
  "app/(marketing)/search/page.tsx": { url: "/search?city=Testila", expect: everyone("ok") },
  "app/forbidden/page.tsx": { url: "/forbidden", expect: everyone("ok") },
  "app/after-sign-in/page.tsx": {
    url: "/after-sign-in",
    expect: row({
      anonymous: "sign-in",
      customer: "redirect:/account/bookings",
      otherCustomer: "redirect:/account/bookings",
      provider: "redirect:/provider/listings",
      otherProvider: "redirect:/provider/listings",
      operator: "redirect:/admin",
      suspended: "sign-in",
    }),
  },
  "app/book/[slug]/page.tsx": {
    url: "/book/{slug}",
    expect: row({ anonymous: "sign-in", customer: "ok", otherCustomer: "ok", provider: "forbidden", otherProvider: "forbidden", operator: "forbidden", suspended: "sign-in" }),
  },

  "app/account/page.tsx": {
    url: "/account",
    expect: row({
      anonymous: "sign-in",
      customer: "redirect:/account/bookings",
      otherCustomer: "redirect:/account/bookings",
      provider: "forbidden",
      otherProvider: "forbidden",
      operator: "forbidden",
      suspended: "sign-in",
    }),
  },
  "app/account/bookings/page.tsx": { url: "/account/bookings", expect: customerArea() },
  "app/account/bookings/[id]/page.tsx": { url: "/account/bookings/{booking}", expect: customerArea("not-found") },
  "app/account/bookings/[id]/pay/page.tsx": { url: "/account/bookings/{booking}/pay", expect: customerArea("not-found") },
  "app/account/payment-methods/page.tsx": { url: "/account/payment-methods", expect: customerArea() },

  "app/provider/page.tsx": {
    url: "/provider",
    expect: row({
      anonymous: "sign-in",
      customer: "forbidden",
      otherCustomer: "forbidden",
      provider: "redirect:/provider/listings",
      otherProvider: "redirect:/provider/listings",
      operator: "forbidden",
      suspended: "forbidden",
    }),
  },
  "app/provider/listings/page.tsx": { url: "/provider/listings", expect: providerArea() },
  "app/provider/listings/new/page.tsx": { url: "/provider/listings/new", expect: providerArea() },
  "app/provider/listings/[id]/page.tsx": { url: "/provider/listings/{listing}", expect: providerArea("not-found") },
  "app/provider/listings/[id]/calendar/page.tsx": { url: "/provider/listings/{listing}/calendar", expect: providerArea("not-found") },
  "app/provider/requests/page.tsx": { url: "/provider/requests", expect: providerArea() },
  "app/provider/bookings/page.tsx": { url: "/provider/bookings?show=all", expect: providerArea() },
  "app/provider/get-paid/page.tsx": { url: "/provider/get-paid", expect: providerArea() },
  "app/provider/payouts/page.tsx": { url: "/provider/payouts", expect: providerArea() },
  // The host's page of one booking (conversation, review reply): another host gets a 404.
  "app/provider/bookings/[id]/page.tsx": { url: "/provider/bookings/{booking}", expect: providerArea("not-found") },

  "app/admin/page.tsx": { url: "/admin", expect: adminArea },
  "app/admin/bookings/page.tsx": { url: "/admin/bookings", expect: adminArea },
  "app/admin/bookings/[id]/page.tsx": { url: "/admin/bookings/{booking}", expect: adminArea },
  "app/admin/emails/page.tsx": { url: "/admin/emails", expect: adminArea },
  "app/admin/follow-up/page.tsx": { url: "/admin/follow-up", expect: adminArea },
  "app/admin/emails/[id]/page.tsx": { url: "/admin/emails/{email}", expect: adminArea },
  "app/admin/listings/page.tsx": { url: "/admin/listings", expect: adminArea },
  "app/admin/payments/page.tsx": { url: "/admin/payments", expect: adminArea },
  "app/admin/payouts/page.tsx": { url: "/admin/payouts", expect: adminArea },
  "app/admin/users/page.tsx": { url: "/admin/users", expect: adminArea },
  // Receipts: the booking's customer and operators. The fixture booking is not paid, so it has
  // no receipt yet (404 for those who may look); the paid journeys in e2e/cancellation.spec.ts
  // open real ones and are refused someone else's.
  "app/receipts/[bookingId]/[receiptId]/page.tsx": {
    url: "/receipts/{booking}/payment",
    expect: row({ anonymous: "sign-in", customer: "not-found", otherCustomer: "not-found", provider: "forbidden", otherProvider: "forbidden", operator: "not-found", suspended: "sign-in" }),
  },
};

export const ROUTES: Record<string, RouteRow> = {
  // NextAuth's own endpoints: the session of whoever asks (public by design).
  // The filtered bookings list as CSV: the proxy sends others away like every admin page, and
  // the handler checks the operator itself (401/403) too.
  "app/admin/bookings/export/route.ts": { method: "GET", url: "/admin/bookings/export", expect: adminArea },
  "app/api/auth/[...nextauth]/route.ts": { method: "GET", url: "/api/auth/session", expect: everyone("ok") },
  // Only the cron secret opens it; no session does, not even an operator's.
  "app/api/cron/charge-due/route.ts": { method: "POST", url: "/api/cron/charge-due", expect: everyone("refused") },
  "app/api/health/route.ts": { method: "GET", url: "/api/health", expect: everyone("ok") },
  // Only Stripe's signature opens it.
  "app/api/stripe/webhook/route.ts": { method: "POST", url: "/api/stripe/webhook", expect: everyone("refused") },
  // "Add to calendar": the booking's customer, its host and operators; anyone else a 404, no session a 401.
  "app/bookings/[id]/calendar/route.ts": {
    method: "GET",
    url: "/bookings/{booking}/calendar",
    expect: row({ anonymous: "refused", customer: "ok", otherCustomer: "not-found", provider: "ok", otherProvider: "not-found", operator: "ok", suspended: "refused" }),
  },
  // A host's private feed opens with its secret token only, no session; an unknown token is a 404 for everyone.
  "app/calendar/host/[feed]/route.ts": { method: "GET", url: "/calendar/host/{missing}.ics", expect: everyone("not-found") },
  // Public listing photos; a name that is not a stored photo is a 404 for everyone.
  // A host's own monthly statement: the proxy sends others away, and the handler checks the host itself.
  "app/provider/payouts/statement/route.ts": { method: "GET", url: "/provider/payouts/statement?month=2026-01", expect: providerArea() },
  "app/uploads/[...path]/route.ts": { method: "GET", url: "/uploads/listings/{missing}.png", expect: everyone("not-found") },
  "app/receipts/[bookingId]/[receiptId]/pdf/route.ts": {
    method: "GET",
    url: "/receipts/{booking}/payment/pdf",
    expect: row({ anonymous: "refused", customer: "not-found", otherCustomer: "not-found", provider: "refused", otherProvider: "refused", operator: "not-found", suspended: "refused" }),
  },
};

const onlyCustomers = (others: ActionCell = "ok"): Row<ActionCell> =>
  row({ anonymous: "refused", customer: "ok", otherCustomer: others, provider: "refused", otherProvider: "refused", operator: "refused", suspended: "refused" });
const onlyProviders = (others: ActionCell = "ok"): Row<ActionCell> =>
  row({ anonymous: "refused", customer: "refused", otherCustomer: "refused", provider: "ok", otherProvider: others, operator: "refused", suspended: "refused" });
const onlyOperators: Row<ActionCell> = row({
  anonymous: "refused",
  customer: "refused",
  otherCustomer: "refused",
  provider: "refused",
  otherProvider: "refused",
  operator: "ok",
  suspended: "refused",
});
const OPERATOR_REASON = { reason: "access matrix" };

/** Keyed `<file>#<export>`. */
export const ACTIONS: Record<string, ActionRow> = {
  "app/(auth)/sign-up/actions.ts#signUp": { fields: { email: "not-an-email" }, expect: everyone("ok") },
  "app/(marketing)/saunas/[slug]/actions.ts#quotePrice": { bound: "{listing}", expect: everyone("ok") },
  "app/(marketing)/saunas/[slug]/booking-actions.ts#takenSlots": { bound: "{listing}", expect: everyone("ok") },
  "app/book/[slug]/actions.ts#sendBookingRequest": { expect: onlyCustomers() },

  "app/account/bookings/[id]/actions.ts#cancelMyBooking": { bound: "{booking}", owners: ["customer"], expect: onlyCustomers("refused") },
  "app/account/bookings/[id]/actions.ts#cancelMyPaidBooking": { bound: "{booking}", owners: ["customer"], fields: { expectedRefund: "0" }, expect: onlyCustomers("refused") },
  "app/account/bookings/[id]/pay/actions.ts#finalizePayment": { bound: "{booking}", owners: ["customer"], expect: onlyCustomers("refused") },
  // The conversation and the review: only the booking's customer (another customer is told "not found").
  "app/account/bookings/[id]/social-actions.ts#sendCustomerMessage": {
    bound: "{booking}",
    owners: ["customer"],
    fields: { message: "Is there a towel service?" },
    expect: onlyCustomers("refused"),
  },
  "app/account/bookings/[id]/social-actions.ts#submitReview": {
    bound: "{booking}",
    owners: ["customer"],
    fields: { rating: "5", review: "Lovely steam." },
    expect: onlyCustomers("refused"),
  },
  "app/account/payment-methods/actions.ts#startCardSetup": { expect: onlyCustomers() },
  "app/account/payment-methods/actions.ts#saveCard": { expect: onlyCustomers() },
  "app/account/payment-methods/actions.ts#makeDefault": { bound: "{card}", owners: ["customer"], expect: onlyCustomers("refused") },
  "app/account/payment-methods/actions.ts#removeCard": { bound: "{card}", owners: ["customer"], expect: onlyCustomers("refused") },

  "app/provider/requests/actions.ts#acceptBookingRequest": { bound: "{booking}", owners: ["provider"], expect: onlyProviders("refused") },
  "app/provider/requests/actions.ts#declineBookingRequest": { bound: "{booking}", owners: ["provider"], expect: onlyProviders("refused") },
  "app/provider/bookings/actions.ts#cancelPaidBookingByHost": { bound: "{booking}", owners: ["provider"], fields: OPERATOR_REASON, expect: onlyProviders("refused") },
  "app/provider/bookings/[id]/actions.ts#sendHostMessage": {
    bound: "{booking}",
    owners: ["provider"],
    fields: { message: "Towels are provided." },
    expect: onlyProviders("refused"),
  },
  "app/provider/bookings/[id]/actions.ts#replyToReviewAction": { bound: "{booking}", owners: ["provider"], fields: { reply: "Thank you!" }, expect: onlyProviders("refused") },
  // Every host makes or resets their own feed (no id: nobody else's can be named).
  "app/provider/bookings/actions.ts#resetCalendarFeedAction": { fields: { confirm: "on" }, expect: onlyProviders() },
  "app/provider/listings/actions.ts#createListingAction": { expect: onlyProviders() },
  "app/provider/get-paid/actions.ts#startOnboardingAction": { expect: onlyProviders() },
  "app/provider/get-paid/actions.ts#openStripeDashboardAction": { expect: onlyProviders() },
  "app/provider/listings/actions.ts#updateListingAction": {
    bound: "{listing}",
    owners: ["provider"],
    fields: {
      title: "Taken over",
      description: "A listing another provider tried to rewrite.",
      city: "Testila",
      address: "Testitie 2",
      timeZone: "Europe/Helsinki",
      currency: "EUR",
      price: "40",
      capacity: "4",
      minHours: "1",
    },
    expect: onlyProviders("refused"),
  },
  "app/provider/listings/actions.ts#saveOpeningHoursAction": { bound: "{listing}", owners: ["provider"], expect: onlyProviders("refused") },
  "app/provider/listings/actions.ts#addBlockedDateAction": {
    bound: "{listing}",
    owners: ["provider"],
    fields: { date: "{futureDate}" },
    expect: onlyProviders("refused"),
  },
  "app/provider/listings/actions.ts#removeBlockedDateAction": {
    bound: "{listing}",
    owners: ["provider"],
    fields: { blockedDateId: "{blockedDate}" },
    expect: onlyProviders("refused"),
  },
  "app/provider/listings/actions.ts#uploadPhotoAction": { bound: "{listing}", owners: ["provider"], fields: { photo: "{pngFile}" }, expect: onlyProviders("refused") },
  "app/provider/listings/actions.ts#addBundledPhotoAction": {
    bound: "{listing}",
    owners: ["provider"],
    fields: { url: "/saunas/forest-smoke.webp" },
    expect: onlyProviders("refused"),
  },
  "app/provider/listings/actions.ts#removePhotoAction": { bound: "{listing}", owners: ["provider"], fields: { photoId: "{photo}" }, expect: onlyProviders("refused") },
  "app/provider/listings/actions.ts#makeCoverPhotoAction": { bound: "{listing}", owners: ["provider"], fields: { photoId: "{photo}" }, expect: onlyProviders("refused") },
  "app/provider/listings/actions.ts#setListingActiveAction": { bound: "{listing}", owners: ["provider"], fields: { active: "false" }, expect: onlyProviders("refused") },

  "app/admin/bookings/[id]/actions.ts#retryChargeAction": { bound: "{missing}", fields: OPERATOR_REASON, expect: onlyOperators },
  "app/admin/bookings/[id]/actions.ts#cancelBookingAction": { bound: "{booking}", owners: ["operator"], fields: OPERATOR_REASON, expect: onlyOperators },
  "app/admin/bookings/[id]/actions.ts#refundBookingAction": { bound: "{booking}", owners: ["operator"], fields: OPERATOR_REASON, expect: onlyOperators },
  "app/admin/bookings/[id]/actions.ts#resendPayNowAction": { bound: "{booking}", owners: ["operator"], fields: OPERATOR_REASON, expect: onlyOperators },
  "app/admin/bookings/[id]/actions.ts#extendPayByAction": { bound: "{booking}", owners: ["operator"], fields: OPERATOR_REASON, expect: onlyOperators },
  "app/admin/payouts/actions.ts#holdPayoutAction": { bound: "{booking}", owners: ["operator"], fields: OPERATOR_REASON, expect: onlyOperators },
  "app/admin/payouts/actions.ts#releasePayoutAction": { bound: "{booking}", owners: ["operator"], fields: OPERATOR_REASON, expect: onlyOperators },
  "app/admin/listings/actions.ts#moderateListingAction": { bound: "{listing}", owners: ["operator"], expect: onlyOperators },
  "app/admin/users/actions.ts#changeRoleAction": { bound: "{user}", owners: ["operator"], fields: { role: "OPERATOR" }, expect: onlyOperators },
  "app/admin/users/actions.ts#setSuspendedAction": { bound: "{user}", owners: ["operator"], fields: { suspended: "true" }, expect: onlyOperators },
  "app/admin/users/actions.ts#liftLockAction": { bound: "{missing}", expect: onlyOperators },
};

/** Every cell of the table, for the count in reports. */
export function matrixSize(): { rows: number; cells: number } {
  const rows = Object.keys(PAGES).length + Object.keys(ROUTES).length + Object.keys(ACTIONS).length;
  return { rows, cells: rows * ROLES.length };
}
