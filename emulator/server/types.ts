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

export interface CardDetails {
  brand: string;
  checks: { address_line1_check: string | null; address_postal_code_check: string | null; cvc_check: string | null };
  country: string | null;
  display_brand: string | null;
  exp_month: number;
  exp_year: number;
  fingerprint: string | null;
  funding: string;
  generated_from: null;
  last4: string;
  networks: { available: string[]; preferred: string | null } | null;
  regulated_status: string | null;
  three_d_secure_usage: { supported: boolean } | null;
  wallet: null;
}

export interface PaymentMethodObject {
  id: string;
  object: "payment_method";
  allow_redisplay: "always" | "limited" | "unspecified";
  billing_details: BillingDetails;
  card: CardDetails;
  created: number;
  customer: string | null;
  customer_account: string | null;
  livemode: false;
  metadata: Metadata;
  type: "card";
}

export interface CustomerObject {
  id: string;
  object: "customer";
  address: Address | null;
  balance: number;
  created: number;
  currency: string | null;
  customer_account: string | null;
  default_source: string | null;
  delinquent: boolean;
  description: string | null;
  discount: null;
  email: string | null;
  invoice_prefix: string;
  invoice_settings: {
    custom_fields: null;
    default_payment_method: string | null;
    footer: string | null;
    rendering_options: null;
  };
  livemode: false;
  metadata: Metadata;
  name: string | null;
  next_invoice_sequence: number;
  phone: string | null;
  preferred_locales: string[];
  shipping: unknown;
  tax_exempt: "none" | "exempt" | "reverse";
  test_clock: null;
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

export type PaymentIntentStatus =
  | "requires_payment_method"
  | "requires_confirmation"
  | "requires_action"
  | "processing"
  | "requires_capture"
  | "canceled"
  | "succeeded";

export interface PaymentIntentObject {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_capturable: number;
  amount_details: { tip: Record<string, never> };
  amount_received: number;
  application: null;
  application_fee_amount: null;
  automatic_payment_methods: { allow_redirects?: "always" | "never"; enabled: boolean } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: "automatic" | "automatic_async" | "manual";
  client_secret: string;
  confirmation_method: "automatic" | "manual";
  created: number;
  currency: string;
  customer: string | null;
  customer_account: string | null;
  description: string | null;
  excluded_payment_method_types: null;
  last_payment_error: ApiErrorObject | null;
  latest_charge: string | null;
  livemode: false;
  managed_payments: null;
  metadata: Metadata;
  next_action: NextAction | null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_configuration_details: null;
  payment_method_options: { card: { installments: null; mandate_options: null; network: null; request_three_d_secure: string } };
  payment_method_types: string[];
  processing: null;
  receipt_email: string | null;
  review: null;
  setup_future_usage: "off_session" | "on_session" | null;
  shipping: unknown;
  source: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: PaymentIntentStatus;
  transfer_data: null;
  transfer_group: string | null;
}

export type SetupIntentStatus =
  | "requires_payment_method"
  | "requires_confirmation"
  | "requires_action"
  | "processing"
  | "canceled"
  | "succeeded";

export interface SetupIntentObject {
  id: string;
  object: "setup_intent";
  application: null;
  automatic_payment_methods: { allow_redirects?: "always" | "never"; enabled: boolean } | null;
  cancellation_reason: string | null;
  client_secret: string;
  created: number;
  customer: string | null;
  customer_account: string | null;
  description: string | null;
  excluded_payment_method_types: null;
  flow_directions: null;
  last_setup_error: ApiErrorObject | null;
  latest_attempt: string | null;
  livemode: false;
  mandate: string | null;
  metadata: Metadata;
  next_action: NextAction | null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_configuration_details: null;
  payment_method_options: { card: { mandate_options: null; network: null; request_three_d_secure: string } };
  payment_method_types: string[];
  single_use_mandate: null;
  status: SetupIntentStatus;
  usage: "off_session" | "on_session";
}

export interface SetupAttemptObject {
  id: string;
  object: "setup_attempt";
  application: null;
  created: number;
  customer: string | null;
  customer_account: string | null;
  flow_directions: null;
  livemode: false;
  on_behalf_of: null;
  payment_method: string;
  payment_method_details: { card: Record<string, unknown>; type: "card" };
  setup_error: ApiErrorObject | null;
  setup_intent: string;
  status: "requires_confirmation" | "requires_action" | "processing" | "succeeded" | "failed" | "abandoned";
  usage: "off_session" | "on_session";
}

export interface ChargeOutcome {
  advice_code: string | null;
  network_advice_code: string | null;
  network_decline_code: string | null;
  network_status: "approved_by_network" | "declined_by_network" | "not_sent_to_network";
  reason: string | null;
  risk_level: string;
  risk_score: number;
  seller_message: string;
  type: "authorized" | "issuer_declined" | "blocked";
}

export interface ChargeObject {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application: null;
  application_fee: null;
  application_fee_amount: null;
  balance_transaction: string | null;
  billing_details: BillingDetails;
  calculated_statement_descriptor: string;
  captured: boolean;
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  disputed: boolean;
  failure_balance_transaction: null;
  failure_code: string | null;
  failure_message: string | null;
  fraud_details: Record<string, never>;
  livemode: false;
  metadata: Metadata;
  on_behalf_of: null;
  outcome: ChargeOutcome;
  paid: boolean;
  payment_intent: string | null;
  payment_method: string;
  payment_method_details: { card: Record<string, unknown>; type: "card" };
  receipt_email: string | null;
  receipt_number: null;
  receipt_url: string;
  refunded: boolean;
  review: null;
  shipping: unknown;
  source: null;
  source_transfer: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: "succeeded" | "pending" | "failed";
  transfer_data: null;
  transfer_group: string | null;
}

export interface RefundObject {
  id: string;
  object: "refund";
  amount: number;
  balance_transaction: string | null;
  charge: string;
  created: number;
  currency: string;
  customer: string | null;
  customer_account: string | null;
  destination_details: { card: { reference_status: string; reference_type: string; type: "refund" | "reversal" }; type: "card" };
  failure_reason?: string;
  metadata: Metadata;
  payment_intent: string | null;
  payment_method: string | null;
  reason: "duplicate" | "fraudulent" | "requested_by_customer" | "expired_uncaptured_charge" | null;
  receipt_number: null;
  source_transfer_reversal: null;
  status: "pending" | "requires_action" | "succeeded" | "failed" | "canceled";
  transfer_reversal: null;
}

export interface EventObject {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface WebhookEndpointObject {
  id: string;
  object: "webhook_endpoint";
  api_version: string | null;
  application: null;
  created: number;
  description: string | null;
  enabled_events: string[];
  livemode: false;
  metadata: Metadata;
  secret?: string;
  status: "enabled" | "disabled";
  url: string;
}

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
