/**
 * The hosted Connect pages the emulator serves in place of connect.stripe.com:
 *
 * - `/connect/onboarding/:token` (an Account Link's URL): the onboarding form. Like Stripe's test
 *   mode it accepts Stripe's documented test values and has a "Use test data" button that fills
 *   them in; a submitted form onboards the account and redirects to the link's `return_url`. An
 *   expired or already used link redirects to `refresh_url`.
 * - `/connect/express/:token` (a login link's URL): a small Express Dashboard of the account.
 *
 * Plain HTML forms: no script, labelled fields, errors listed at the top and beside each field.
 */
import { snapshot, type Core } from "./core.js";
import { parseForm, type FormObject } from "./form.js";
import { requestId } from "./ids.js";
import { accountChanged, addBankAccount, applyOnboarding, onboardingOf, type AccountObject } from "./resources/accounts.js";
import type { AccountLinkRecord } from "./resources/accountLinks.js";
import { balanceOf } from "./ledger.js";

export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'";

/** Stripe's documented test values for Connect onboarding (docs.stripe.com/connect/testing). */
export const TEST_VALUES = {
  phone: "0000000000",
  dobVerified: "1901-01-01",
  dobFailsVerification: "1902-01-01",
  addressVerified: "address_full_match",
  addressFailsVerification: "address_no_match",
  idNumberVerified: "000000000",
  idNumberFailsVerification: "111111111",
  usRoutingNumber: "110000000",
  usAccountNumber: "000123456789",
  url: "https://accessible.stripe.com",
  urlInaccessible: "https://inaccessible.stripe.com",
} as const;

/** Test IBANs by country (Stripe's documented successful test IBANs). */
const TEST_IBANS: Record<string, string> = {
  FI: "FI2112345600000785",
  DE: "DE89370400440532013000",
  EE: "EE382200221020145685",
  SE: "SE3550000000054910000003",
  FR: "FR1420041010050500013M02606",
  NL: "NL39RABO0300065264",
  AT: "AT611904300234573201",
  ES: "ES0700120345030000067890",
  IT: "IT40S0542811101000000123456",
};

function html(status: number, body: string, extra: Record<string, string> = {}): PageResponse {
  return { status, headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": PAGE_CSP, "cache-control": "no-store", "referrer-policy": "no-referrer", ...extra }, body };
}

function redirect(location: string, status = 302): PageResponse {
  return { status, headers: { location, "cache-control": "no-store" }, body: "" };
}

function esc(value: string | null | undefined): string {
  return (value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1f36;background:#f6f9fc}
  header{background:#0a2540;color:#fff;padding:12px 20px;font-weight:600}
  header span{font-weight:400;opacity:.8;margin-left:8px}
  main{max-width:640px;margin:24px auto;padding:0 16px}
  .card{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:24px}
  h1{font-size:1.5rem;margin:0 0 8px}
  p.lead{margin:0 0 16px;color:#425466}
  fieldset{border:0;padding:0;margin:0 0 20px}
  legend{font-weight:600;font-size:1.1rem;margin-bottom:8px}
  .field{margin-bottom:12px}
  label{display:block;font-weight:500;margin-bottom:4px}
  .hint{display:block;color:#596171;font-size:.875rem}
  input[type=text],input[type=email],input[type=tel],input[type=url],input[type=date]{width:100%;padding:10px;border:1px solid #8792a2;border-radius:6px;font:inherit}
  input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #635bff;outline-offset:2px}
  [aria-invalid=true]{border-color:#c0123c!important}
  .error{color:#c0123c;font-size:.875rem;margin-top:4px}
  .summary{border:2px solid #c0123c;border-radius:6px;padding:12px 16px;margin-bottom:16px;background:#fff5f7}
  .summary h2{font-size:1rem;margin:0 0 4px}
  .summary a{color:#c0123c}
  .check{display:flex;gap:8px;align-items:flex-start}
  .check input{width:20px;height:20px;margin-top:2px}
  .actions{display:flex;flex-wrap:wrap;gap:12px;margin-top:8px}
  button{font:inherit;font-weight:600;padding:10px 18px;border-radius:6px;border:1px solid #635bff;cursor:pointer;min-height:44px}
  .primary{background:#635bff;color:#fff}
  .secondary{background:#fff;color:#4b45c6}
  .test{background:#fff8e1;border:1px solid #e8b100;border-radius:6px;padding:12px 16px;margin-bottom:16px}
  dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}
  dt{font-weight:600}
  dd{margin:0;overflow-wrap:anywhere}
  caption{caption-side:top;text-align:left;color:#596171;font-size:.875rem;padding-bottom:4px}
  table{border-collapse:collapse;width:100%}
  th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e8ee}
`;

function layout(title: string, account: AccountObject | null, content: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} – Stripe emulator</title><style>${STYLE}</style></head>
<body><header>Stripe emulator <span>test mode</span></header>
<main id="main"><div class="card">${account ? `<p class="hint">Account ${esc(account.id)}</p>` : ""}${content}</div></main></body></html>`;
}

function message(title: string, text: string, status = 200): PageResponse {
  return html(status, layout(title, null, `<h1>${esc(title)}</h1><p>${esc(text)}</p>`));
}

interface FormValues {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  dob: string;
  address_line1: string;
  address_city: string;
  address_postal_code: string;
  id_number: string;
  url: string;
  routing_number: string;
  account_number: string;
  tos: string;
}

const FIELDS: (keyof FormValues)[] = ["first_name", "last_name", "email", "phone", "dob", "address_line1", "address_city", "address_postal_code", "id_number", "url", "routing_number", "account_number", "tos"];

function str(form: FormObject, key: string): string {
  const v = form[key];
  return typeof v === "string" ? v.trim() : "";
}

function valuesFrom(form: FormObject): FormValues {
  const out = {} as FormValues;
  for (const key of FIELDS) out[key] = str(form, key);
  return out;
}

function testData(account: AccountObject): FormValues {
  const us = account.country === "US";
  return {
    first_name: "Jenny",
    last_name: "Rosen",
    email: account.email ?? "jenny.rosen@example.com",
    phone: TEST_VALUES.phone,
    dob: TEST_VALUES.dobVerified,
    address_line1: TEST_VALUES.addressVerified,
    address_city: us ? "San Francisco" : "Helsinki",
    address_postal_code: us ? "94111" : "00100",
    id_number: us ? "0000" : TEST_VALUES.idNumberVerified,
    url: TEST_VALUES.url,
    routing_number: us ? TEST_VALUES.usRoutingNumber : "",
    account_number: us ? TEST_VALUES.usAccountNumber : (TEST_IBANS[account.country] ?? TEST_IBANS.DE ?? ""),
    tos: "accepted",
  };
}

/** The fields in the order the form shows them (the error summary follows it). */
const FORM_ORDER: (keyof FormValues)[] = ["first_name", "last_name", "email", "phone", "dob", "id_number", "address_line1", "address_city", "address_postal_code", "url", "routing_number", "account_number", "tos"];

type Errors = Partial<Record<keyof FormValues, string>>;

const LABELS: Record<keyof FormValues, string> = {
  first_name: "First name",
  last_name: "Last name",
  email: "Email",
  phone: "Mobile phone",
  dob: "Date of birth",
  address_line1: "Street address",
  address_city: "City",
  address_postal_code: "Postal code",
  id_number: "Identity number",
  url: "Business website",
  routing_number: "Routing number",
  account_number: "Account number",
  tos: "Terms of service",
};

function validate(account: AccountObject, v: FormValues): Errors {
  const errors: Errors = {};
  const us = account.country === "US";
  for (const key of ["first_name", "last_name", "address_line1", "address_city", "address_postal_code"] as const) {
    if (!v[key]) errors[key] = `Enter your ${LABELS[key].toLowerCase()}.`;
  }
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.email)) errors.email = "Enter an email address like name@example.com.";
  if (!/^\+?[\d\s()-]{7,20}$/.test(v.phone)) errors.phone = `Enter a phone number with 7 to 20 digits (test number: ${TEST_VALUES.phone}).`;
  const dob = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.dob);
  if (!dob) errors.dob = `Enter your date of birth as YYYY-MM-DD (test value: ${TEST_VALUES.dobVerified}).`;
  else {
    const date = new Date(`${v.dob}T00:00:00Z`);
    const age = (Date.now() - date.getTime()) / (365.25 * 86_400_000);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== v.dob) errors.dob = "Enter a real date of birth as YYYY-MM-DD.";
    else if (age < 13) errors.dob = "You must be at least 13 years old.";
  }
  if (us ? !/^\d{4}$/.test(v.id_number) && !/^\d{9}$/.test(v.id_number) : !/^[A-Za-z0-9+-]{6,20}$/.test(v.id_number)) {
    errors.id_number = us ? "Enter the last 4 digits of your SSN, or all 9 (test value: 0000)." : `Enter your personal identity code (test value: ${TEST_VALUES.idNumberVerified}).`;
  }
  try {
    const u = new URL(v.url);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("protocol");
  } catch {
    errors.url = `Enter your website as https://… (test value: ${TEST_VALUES.url}).`;
  }
  if (us) {
    if (!/^\d{9}$/.test(v.routing_number)) errors.routing_number = `Enter the 9-digit routing number (test value: ${TEST_VALUES.usRoutingNumber}).`;
    if (!/^\d{4,17}$/.test(v.account_number)) errors.account_number = `Enter the account number, 4 to 17 digits (test value: ${TEST_VALUES.usAccountNumber}).`;
  } else if (!/^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(v.account_number.replace(/\s+/g, "").toUpperCase())) {
    errors.account_number = `Enter your IBAN (test value: ${TEST_IBANS[account.country] ?? TEST_IBANS.DE ?? ""}).`;
  }
  if (v.tos !== "accepted") errors.tos = "Accept the Stripe Connected Account Agreement to continue.";
  return errors;
}

function input(name: keyof FormValues, type: string, v: FormValues, errors: Errors, options: { hint?: string; autocomplete?: string } = {}): string {
  const error = errors[name];
  const described = [options.hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean).join(" ");
  return `<div class="field"><label for="${name}">${esc(LABELS[name])}</label>${options.hint ? `<span class="hint" id="${name}-hint">${esc(options.hint)}</span>` : ""}
<input type="${type}" id="${name}" name="${name}" value="${esc(v[name])}"${options.autocomplete ? ` autocomplete="${options.autocomplete}"` : ""}${described ? ` aria-describedby="${described}"` : ""}${error ? ' aria-invalid="true"' : ""}>
${error ? `<div class="error" id="${name}-error">${esc(error)}</div>` : ""}</div>`;
}

function onboardingForm(account: AccountObject, link: AccountLinkRecord, v: FormValues, errors: Errors): string {
  const us = account.country === "US";
  const errorList = FORM_ORDER.flatMap((k) => (errors[k] ? [[k, errors[k]] as const] : []));
  const summary = errorList.length
    ? `<div class="summary" role="alert" tabindex="-1" id="errors" autofocus><h2>Check ${errorList.length === 1 ? "this field" : `these ${errorList.length} fields`}</h2><ul>${errorList.map(([k, m]) => `<li><a href="#${k}">${esc(LABELS[k])}: ${esc(m)}</a></li>`).join("")}</ul></div>`
    : "";
  const tosError = errors.tos;
  return `<h1>Set up payouts${account.business_profile.name ? ` for ${esc(account.business_profile.name)}` : ""}</h1>
<p class="lead">Tell us about yourself and where to send your money. This is the emulator's test-mode onboarding: use Stripe's test values, or fill them all in with <strong>Use test data</strong>.</p>
${summary}
<form method="post" action="/connect/onboarding/${esc(link.token)}" novalidate>
<div class="test"><p style="margin:0 0 8px">Test mode: no real information needed.</p>
<button type="submit" name="intent" value="test_data" class="secondary">Use test data</button></div>
<fieldset><legend>Personal details</legend>
${input("first_name", "text", v, errors, { autocomplete: "given-name" })}
${input("last_name", "text", v, errors, { autocomplete: "family-name" })}
${input("email", "email", v, errors, { autocomplete: "email" })}
${input("phone", "tel", v, errors, { autocomplete: "tel", hint: `Test number: ${TEST_VALUES.phone}` })}
${input("dob", "date", v, errors, { autocomplete: "bday", hint: `YYYY-MM-DD. ${TEST_VALUES.dobVerified} is verified; ${TEST_VALUES.dobFailsVerification} fails verification.` })}
${input("id_number", "text", v, errors, { hint: us ? "Last 4 digits of your SSN. Test value: 0000." : `Personal identity code. ${TEST_VALUES.idNumberVerified} is verified; ${TEST_VALUES.idNumberFailsVerification} fails verification.` })}
</fieldset>
<fieldset><legend>Home address</legend>
${input("address_line1", "text", v, errors, { autocomplete: "address-line1", hint: `Test value: ${TEST_VALUES.addressVerified} (${TEST_VALUES.addressFailsVerification} fails verification).` })}
${input("address_city", "text", v, errors, { autocomplete: "address-level2" })}
${input("address_postal_code", "text", v, errors, { autocomplete: "postal-code" })}
</fieldset>
<fieldset><legend>Business</legend>
${input("url", "url", v, errors, { autocomplete: "url", hint: `Test value: ${TEST_VALUES.url}` })}
</fieldset>
<fieldset><legend>Bank account for payouts</legend>
${us ? input("routing_number", "text", v, errors, { hint: `Test value: ${TEST_VALUES.usRoutingNumber}` }) : ""}
${input("account_number", "text", v, errors, { hint: us ? `Test value: ${TEST_VALUES.usAccountNumber}. 000111111116 makes payouts fail (no_account), 000111111113 (account_closed), 000222222227 (insufficient_funds).` : `IBAN. Test value: ${TEST_IBANS[account.country] ?? TEST_IBANS.DE ?? ""}` })}
</fieldset>
<fieldset><legend>Terms</legend>
<div class="field"><div class="check"><input type="checkbox" id="tos" name="tos" value="accepted"${v.tos === "accepted" ? " checked" : ""}${tosError ? ' aria-invalid="true" aria-describedby="tos-error"' : ""}>
<label for="tos">I agree to the Stripe Connected Account Agreement</label></div>${tosError ? `<div class="error" id="tos-error">${esc(tosError)}</div>` : ""}</div>
</fieldset>
<div class="actions"><button type="submit" name="intent" value="submit" class="primary">Submit</button></div>
</form>`;
}

/** Apply a valid form to the account: its details, bank account, terms, and the verification outcome. */
function onboard(core: Core, account: AccountObject, v: FormValues, userAgent: string, ip: string): void {
  const before = snapshot(account);
  const [year = 0, month = 0, day = 0] = v.dob.split("-").map(Number);
  account.business_type = account.business_type ?? "individual";
  account.business_profile.url = v.url;
  account.business_profile.mcc = account.business_profile.mcc ?? "7299";
  account.email = account.email ?? v.email;
  account.individual = {
    first_name: v.first_name,
    last_name: v.last_name,
    email: v.email,
    phone: v.phone,
    dob: { day, month, year },
    address: { city: v.address_city, country: account.country, line1: v.address_line1, line2: null, postal_code: v.address_postal_code, state: null },
  };
  account.tos_acceptance = { ...account.tos_acceptance, date: core.nowSeconds(), ip, user_agent: userAgent };
  account.external_accounts = { ...account.external_accounts, data: [] };
  const record = onboardingOf(core, account.id);
  record.bankNumbers = {};
  addBankAccount(core, account, {
    country: account.country,
    currency: account.default_currency,
    accountNumber: v.account_number,
    routingNumber: account.country === "US" ? v.routing_number : null,
    holderName: `${v.first_name} ${v.last_name}`,
  });
  const fails = v.dob === TEST_VALUES.dobFailsVerification || v.id_number === TEST_VALUES.idNumberFailsVerification || v.address_line1 === TEST_VALUES.addressFailsVerification || v.url === TEST_VALUES.urlInaccessible;
  record.status = fails ? "restricted" : "complete";
  record.reason = fails ? "requirements.past_due" : null;
  applyOnboarding(account, record);
  accountChanged(core, account, before, { id: requestId(), idempotencyKey: null });
}

function linkState(core: Core, token: string): { link: AccountLinkRecord; account: AccountObject } | PageResponse {
  const link = core.platform.accountLinks.get(token);
  if (!link) return message("Link not found", "This onboarding link does not exist. Return to the platform and start again.", 404);
  const account = core.platform.accounts.get(link.account);
  if (!account) return message("Account not found", "The account this link was made for no longer exists.", 404);
  return { link, account };
}

function expiredOrUsed(link: AccountLinkRecord): PageResponse {
  if (link.refreshUrl) return redirect(link.refreshUrl);
  return message("This link has expired", "Onboarding links can be used once and expire after a few minutes. Return to the platform for a new one.", 410);
}

export interface PageRequest {
  method: string;
  path: string;
  body: string;
  userAgent: string;
  ip: string;
}

/** Serve `/connect/…`; null when the path is not one of these pages. */
export function handleConnectPage(core: Core, req: PageRequest): PageResponse | null {
  const onboarding = /^\/connect\/onboarding\/([A-Za-z0-9]+)\/?$/.exec(req.path);
  if (onboarding) {
    const found = linkState(core, onboarding[1] ?? "");
    if ("status" in found) return found;
    const { link, account } = found;
    if (req.method === "GET") {
      if (link.visited || link.completed || core.nowSeconds() >= link.expiresAt) return expiredOrUsed(link);
      link.visited = true;
      core.store.markDirty();
      return html(200, layout("Set up payouts", account, onboardingForm(account, link, valuesFrom({ email: account.email ?? "" }), {})));
    }
    if (req.method === "POST") {
      if (link.completed) return expiredOrUsed(link);
      const form = parseForm(req.body);
      if (str(form, "intent") === "test_data") {
        return html(200, layout("Set up payouts", account, onboardingForm(account, link, testData(account), {})));
      }
      const values = valuesFrom(form);
      const errors = validate(account, values);
      if (Object.keys(errors).length) return html(422, layout("Set up payouts", account, onboardingForm(account, link, values, errors)));
      onboard(core, account, values, req.userAgent, req.ip);
      link.completed = true;
      core.store.markDirty();
      if (link.returnUrl) return redirect(link.returnUrl, 303);
      return message("You're all set", "Your details were submitted. You can close this page.");
    }
    return message("Method not allowed", "Use the form on this page.", 405);
  }
  const express = /^\/connect\/express\/([A-Za-z0-9]+)\/?$/.exec(req.path);
  if (express && req.method === "GET") {
    const link = core.platform.loginLinks.get(express[1] ?? "");
    if (!link) return message("Link not found", "This dashboard link does not exist.", 404);
    const account = core.platform.accounts.get(link.account);
    if (!account) return message("Account not found", "The account no longer exists.", 404);
    if (link.visited || core.nowSeconds() - link.created > 300) return message("This link has expired", "Dashboard links can be used once. Return to the platform for a new one.", 410);
    link.visited = true;
    core.store.markDirty();
    return html(200, layout("Express Dashboard", account, expressDashboard(core, account)));
  }
  return null;
}

function money(amount: number, currency: string): string {
  return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
}

function expressDashboard(core: Core, account: AccountObject): string {
  const balance = balanceOf(core, account.id);
  const sum = (list: { amount: number; currency: string }[]) => list.map((b) => money(b.amount, b.currency)).join(", ") || money(0, account.default_currency);
  const payouts = [...core.store.accountState(account.id).payouts.values()].reverse().slice(0, 10);
  const bank = account.external_accounts.data[0];
  const name = [account.individual?.first_name, account.individual?.last_name].filter(Boolean).join(" ") || account.business_profile.name || account.id;
  return `<h1>Express Dashboard</h1>
<dl><dt>Name</dt><dd>${esc(name)}</dd>
<dt>Payments</dt><dd>${account.charges_enabled ? "enabled" : "not enabled"}</dd>
<dt>Payouts</dt><dd>${account.payouts_enabled ? "enabled" : "not enabled"}</dd>
<dt>Bank account</dt><dd>${bank ? `${esc(bank.bank_name)} ••••${esc(bank.last4)}` : "none"}</dd>
<dt>Available</dt><dd>${esc(sum(balance.available))}</dd>
<dt>Pending</dt><dd>${esc(sum(balance.pending))}</dd></dl>
<h2>Payouts</h2>
${
  payouts.length
    ? `<table><caption>The ten newest payouts</caption><thead><tr><th scope="col">Amount</th><th scope="col">Status</th><th scope="col">Arrival</th></tr></thead><tbody>${payouts
        .map((p) => `<tr><td>${money(p.amount, p.currency)}</td><td>${esc(p.status)}${p.failure_code ? ` (${esc(p.failure_code)})` : ""}</td><td>${new Date(p.arrival_date * 1000).toISOString().slice(0, 10)}</td></tr>`)
        .join("")}</tbody></table>`
    : "<p>No payouts yet.</p>"
}`;
}

/** Read a request body for the pages (small forms). */
export function isConnectPage(path: string): boolean {
  return path.startsWith("/connect/");
}
