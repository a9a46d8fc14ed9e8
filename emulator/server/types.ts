import type { PaymentMethodObject } from "./resources/paymentMethods.js";
/** Stripe object shapes as the emulator stores them (field by field from the SDK's .d.ts). */

export type Metadata = Record<string, string>;

export interface Address {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

export interface BillingDetails {
  address: Address;
  email: string | null;
  name: string | null;
  phone: string | null;
  tax_id: string | null;
}

export interface ApiErrorObject {
  type: "card_error" | "invalid_request_error" | "api_error";
  code?: string;
  decline_code?: string;
  doc_url?: string;
  message: string;
  param?: string;
  charge?: string;
  payment_method?: PaymentMethodObject;
  payment_method_type?: string;
  advice_code?: string;
  network_decline_code?: string;
}

export type NextAction =
  | { type: "use_stripe_sdk"; use_stripe_sdk: { type: "three_d_secure_redirect"; stripe_js: string; source: string } }
  | { type: "redirect_to_url"; redirect_to_url: { url: string; return_url: string } };

/** What the emulator knows about a card that Stripe never returns. */
export interface CardSecret {
  number: string;
  /** set up for future (off-session) use by a SetupIntent or setup_future_usage */
  setUp: boolean;
  /** a PaymentMethod without customer can be used once */
  used: boolean;
}

export interface DeclineOverride {
  code: string;
  declineCode?: string;
  /** remaining charges to decline; null = until cleared */
  remaining: number | null;
}
