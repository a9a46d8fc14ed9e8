/** Rules shared by PaymentIntents and SetupIntents: choosing and checking the PaymentMethod. */
import type { Core, RequestContext } from "./core.js";
import { invalidRequest } from "./errors.js";
import type { Params } from "./params.js";
import type { RequestThreeDSecure } from "./payments.js";
import { createCardPaymentMethod, resolvePaymentMethod, reuseError } from "./resources/paymentMethods.js";
import type { PaymentMethodObject } from "./resources/paymentMethods.js";

/** `payment_method` (id or pm_card_*) or `payment_method_data[...]` from a create/confirm request. */
export function paymentMethodFromParams(ctx: RequestContext, p: Params = ctx.params): PaymentMethodObject | undefined {
  const id = p.string("payment_method");
  if (id) return resolvePaymentMethod(ctx.core, id);
  const data = p.object("payment_method_data");
  if (data) return createCardPaymentMethod(ctx.core, data);
  return undefined;
}

/** A PaymentMethod can be used with an intent for `customerId` (Stripe's ownership rules). */
export function checkPaymentMethodOwnership(core: Core, pm: PaymentMethodObject, customerId: string | null): void {
  if (pm.customer && customerId && pm.customer !== customerId) {
    throw invalidRequest(
      `The provided PaymentMethod ${pm.id} is attached to a different Customer (${pm.customer}). Use a PaymentMethod attached to ${customerId}, or attach this one to it first.`,
      { param: "payment_method", code: "payment_method_invalid_parameter" },
    );
  }
  if (pm.customer && !customerId) {
    throw invalidRequest(
      `The payment method supplied (${pm.id}) belongs to the Customer ${pm.customer}. Please include the Customer in the \`customer\` parameter on the PaymentIntent.`,
      { param: "payment_method" },
    );
  }
  const secret = core.state.cardSecrets.get(pm.id);
  if (!pm.customer && secret?.used) throw reuseError();
}

export interface AutomaticPaymentMethods {
  allow_redirects?: "always" | "never";
  enabled: boolean;
}

/**
 * Automatic payment methods are on (the API version the emulator speaks has no
 * `payment_method_types` parameter any more; unknown parameters are refused before this runs).
 * The emulator's only payment method type is card.
 */
export function paymentMethodConfig(p: Params): { types: string[]; automatic: AutomaticPaymentMethods } {
  const apm = p.object("automatic_payment_methods");
  const allowRedirects = apm?.enumOf("allow_redirects", ["always", "never"] as const) ?? "always";
  return { types: ["card"], automatic: { allow_redirects: allowRedirects, enabled: true } };
}

export function requireReturnUrl(kind: "Payment Intent" | "Setup Intent", automatic: AutomaticPaymentMethods | null, p: Params, offSession: boolean): void {
  if (!automatic?.enabled || automatic.allow_redirects === "never" || offSession) return;
  if (p.string("return_url") || p.bool("use_stripe_sdk")) return;
  throw invalidRequest(
    `This ${kind} is configured to accept payment methods enabled in your Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set \`automatic_payment_methods[enabled]\` to \`true\` and \`automatic_payment_methods[allow_redirects]\` to \`never\` when creating Setup Intents and Payment Intents. If you do want to accept redirect-based payment methods, set the \`return_url\` parameter when confirming a Setup Intent or Payment Intent.`,
  );
}

/** `payment_method_options[card][request_three_d_secure]` of a create / update / confirm request. */
export function requestThreeDSecureFrom(p: Params): RequestThreeDSecure | undefined {
  return p
    .object("payment_method_options")
    ?.object("card")
    ?.enumOf("request_three_d_secure", ["automatic", "any", "challenge"] as const);
}
