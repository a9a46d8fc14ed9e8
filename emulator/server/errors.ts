/** Stripe-shaped API errors. Thrown anywhere in a handler, rendered by http.ts. */

export type StripeErrorType =
  | "api_error"
  | "card_error"
  | "idempotency_error"
  | "invalid_request_error";

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  setup_intent?: unknown;
  payment_method?: unknown;
  advice_code?: string;
  request_log_url?: string;
}

export class StripeError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  readonly headers: Record<string, string>;

  constructor(status: number, body: StripeErrorBody, headers: Record<string, string> = {}) {
    super(body.message);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

export function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replaceAll("_", "-")}`;
}

export function invalidRequest(message: string, extra: Partial<StripeErrorBody> = {}, status = 400): StripeError {
  const body: StripeErrorBody = { type: "invalid_request_error", message, ...extra };
  if (body.code && !body.doc_url) body.doc_url = docUrl(body.code);
  return new StripeError(status, body);
}

export function missingParam(param: string): StripeError {
  return invalidRequest(`Missing required param: ${param}.`, { code: "parameter_missing", param });
}

export function invalidParam(param: string, message: string, code = "parameter_invalid_empty"): StripeError {
  return invalidRequest(message, { param, code });
}

/** Human names Stripe uses in "No such …" messages, by id prefix; filled by the resource registry. */
const resourceNames: Record<string, string> = {};

export function registerResourceName(idPrefix: string, name: string): void {
  resourceNames[idPrefix] = name;
}

export function noSuch(kind: keyof typeof resourceNames | string, id: string, param = "id"): StripeError {
  const name = resourceNames[kind] ?? kind;
  return invalidRequest(`No such ${name}: '${id}'`, { code: "resource_missing", param }, param === "id" ? 404 : 400);
}

export function apiError(message = "An unknown error occurred"): StripeError {
  return new StripeError(500, { type: "api_error", message });
}

export function unrecognizedUrl(method: string, path: string): StripeError {
  return invalidRequest(
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    {},
    404,
  );
}
