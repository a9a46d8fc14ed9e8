/**
 * What a host should do about a failed payout, in plain words, from Stripe's payout
 * `failure_code` (https://docs.stripe.com/api/payouts/failures). The money is back on the
 * host's Stripe account in every case; it is paid out again once the bank details work.
 */
const ADVICE: Record<string, string> = {
  account_closed: "Your bank account is closed. Add a new bank account in your Stripe account settings.",
  account_frozen: "Your bank has frozen the account. Contact your bank, or add another bank account in your Stripe settings.",
  bank_account_restricted: "Your bank account does not accept this kind of payment. Ask your bank, or add another bank account.",
  bank_ownership_changed: "The bank account changed owners. Add the bank account again in your Stripe settings.",
  could_not_process: "Your bank could not process the payout. Check the bank details in your Stripe settings; we try again within a day.",
  debit_not_authorized: "Your bank refused the transfer. Ask your bank to allow payments from Stripe, then we try again.",
  declined: "Your bank declined the payout. Contact your bank or add another bank account in your Stripe settings.",
  incorrect_account_holder_name: "The account holder's name does not match the bank's records. Correct it in your Stripe settings.",
  insufficient_funds: "Your Stripe balance was too low for this payout (a refund was taken from it). It is paid with your next bookings.",
  invalid_account_number: "The bank account number is wrong. Correct it (IBAN or account number) in your Stripe settings.",
  invalid_currency: "Your bank account cannot receive this currency. Add a bank account in this currency in your Stripe settings.",
  no_account: "Your bank could not find the account. Check the account number in your Stripe settings.",
  unsupported_card: "This debit card cannot receive payouts. Add a bank account instead in your Stripe settings.",
};

const FALLBACK = "Check your bank details in your Stripe settings. We try the payout again within a day; contact us if it keeps failing.";

export function payoutFailureAdvice(code: string | null | undefined): string {
  return (code && ADVICE[code]) || FALLBACK;
}
