/**
 * Connect money flows on a PaymentIntent: destination charges (`transfer_data[destination]`, with
 * `transfer_data[amount]` or `application_fee_amount`), `on_behalf_of`, and direct charges with an
 * application fee (made with `Stripe-Account`). Checked when the intent is made and again when it
 * is confirmed (an account may have been restricted meanwhile); settled when its charge is captured:
 * the transfer to the destination and the platform's application fee.
 */
import type { Core, RequestInfo } from "./core.js";
import { invalidRequest } from "./errors.js";
import { availableOnAfter, PLATFORM_DELAY_DAYS } from "./ledger.js";
import type { Params } from "./params.js";
import { accountOrThrow, type AccountObject } from "./resources/accounts.js";
import { createApplicationFee } from "./resources/applicationFees.js";
import type { ChargeObject } from "./resources/charges.js";
import { checkTransferDestination, createTransfer } from "./resources/transfers.js";

export interface ConnectFields {
  application_fee_amount: number | null;
  on_behalf_of: string | null;
  transfer_data: { amount?: number; destination: string } | null;
  transfer_group: string | null;
}

function destinationOrThrow(core: Core, id: string): AccountObject {
  const account = core.platform.accounts.get(id);
  if (!account) throw invalidRequest(`No such destination: '${id}'`, { param: "transfer_data[destination]", code: "resource_missing" });
  return account;
}

/** Check an intent's Connect fields against each other, the amount and the accounts (create, update, confirm). */
export function checkConnectFields(core: Core, fields: ConnectFields, amount: number): void {
  const fee = fields.application_fee_amount;
  const destination = fields.transfer_data?.destination;
  if (fee !== null) {
    if (!destination && !core.account) {
      throw invalidRequest(
        "Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).",
        { param: "application_fee_amount" },
      );
    }
    if (fee < 0) throw invalidRequest("Invalid non-negative integer", { param: "application_fee_amount", code: "parameter_invalid_integer" });
    if (fee > amount) throw invalidRequest(`The application fee (${fee}) must be less than or equal to the amount (${amount}).`, { param: "application_fee_amount" });
  }
  if (fields.transfer_data) {
    if (core.account) throw invalidRequest("transfer_data cannot be used with the Stripe-Account header (a direct charge); make the destination charge as the platform.", { param: "transfer_data" });
    const transferAmount = fields.transfer_data.amount;
    if (transferAmount !== undefined) {
      if (fee !== null) throw invalidRequest("You may only specify one of these parameters: application_fee_amount, transfer_data[amount].", { param: "transfer_data[amount]" });
      if (transferAmount < 1) throw invalidRequest("Invalid positive integer", { param: "transfer_data[amount]", code: "parameter_invalid_integer" });
      if (transferAmount > amount) throw invalidRequest(`The transfer amount (${transferAmount}) must be less than or equal to the amount (${amount}).`, { param: "transfer_data[amount]" });
    }
    const account = destinationOrThrow(core, fields.transfer_data.destination);
    try {
      checkTransferDestination(account);
    } catch (error) {
      if (error instanceof Error && "body" in error) (error as { body: { param?: string } }).body.param = "transfer_data[destination]";
      throw error;
    }
  }
  if (fields.on_behalf_of) {
    if (core.account) throw invalidRequest("on_behalf_of cannot be used with the Stripe-Account header.", { param: "on_behalf_of" });
    const account = accountOrThrow(core, fields.on_behalf_of, "on_behalf_of");
    if (destination && destination !== account.id) {
      throw invalidRequest("The `on_behalf_of` parameter must be the same account as `transfer_data[destination]`.", { param: "on_behalf_of" });
    }
    if (account.capabilities.card_payments !== "active") {
      throw invalidRequest(`The account ${account.id} (on_behalf_of) needs the card_payments capability active to take payments.`, { param: "on_behalf_of", code: "insufficient_capabilities_for_transfer" });
    }
  }
}

/** The Connect fields of a create request. */
export function connectFieldsFrom(p: Params): ConnectFields {
  const td = p.object("transfer_data");
  let transferData: ConnectFields["transfer_data"] = null;
  if (td) {
    const destination = td.requiredString("destination");
    const amount = td.int("amount");
    transferData = amount === undefined ? { destination } : { amount, destination };
  }
  return {
    application_fee_amount: p.int("application_fee_amount") ?? null,
    on_behalf_of: p.string("on_behalf_of") ?? null,
    transfer_data: transferData,
    transfer_group: p.string("transfer_group") ?? null,
  };
}

/** Apply an update request's Connect fields (Stripe lets `application_fee_amount` and `transfer_data[amount]` change). */
export function applyConnectUpdate(p: Params, fields: ConnectFields): void {
  const fee = p.string("application_fee_amount");
  if (fee !== undefined) fields.application_fee_amount = fee === "" ? null : (p.int("application_fee_amount") ?? null);
  const amount = p.object("transfer_data")?.int("amount");
  if (amount !== undefined) {
    if (!fields.transfer_data) throw invalidRequest("transfer_data[amount] can only be updated on a PaymentIntent with transfer_data[destination].", { param: "transfer_data[amount]" });
    fields.transfer_data = { ...fields.transfer_data, amount };
  }
  const group = p.emptyable("transfer_group");
  if (group !== undefined) fields.transfer_group = group;
}

/** The statement descriptor customers see: the on_behalf_of account's (settings.payments), else the intent's. */
export function descriptorFor(core: Core, fields: ConnectFields, own: string | null): string | null {
  if (own) return own;
  if (!fields.on_behalf_of) return null;
  return core.platform.accounts.get(fields.on_behalf_of)?.settings.payments.statement_descriptor ?? null;
}

/** When a captured charge's funds become available for the account it is on. */
export function chargeAvailableOn(core: Core, bypassPending: boolean): number {
  if (bypassPending) return core.nowSeconds();
  const delay = core.account ? (core.platform.accounts.get(core.account)?.settings.payouts.schedule.delay_days ?? PLATFORM_DELAY_DAYS) : PLATFORM_DELAY_DAYS;
  return availableOnAfter(core, delay);
}

/**
 * After a charge is captured: the destination charge's transfer and application fee, or a direct
 * charge's application fee. Fills the charge's Connect fields.
 */
export function settleConnectCharge(core: Core, fields: ConnectFields, charge: ChargeObject, request: RequestInfo): void {
  const chargeTxn = charge.balance_transaction ? core.state.balanceTransactions.get(charge.balance_transaction) : undefined;
  const availableOn = chargeTxn?.available_on ?? core.nowSeconds();
  const fee = fields.application_fee_amount;
  if (fields.transfer_data) {
    const destination = destinationOrThrow(core, fields.transfer_data.destination);
    const bypass = chargeTxn !== undefined && chargeTxn.available_on <= core.nowSeconds();
    const destinationAvailableOn = bypass ? core.nowSeconds() : availableOnAfter(core, destination.settings.payouts.schedule.delay_days);
    const transfer = createTransfer(
      core,
      {
        amount: fields.transfer_data.amount ?? charge.amount_captured,
        currency: charge.currency,
        destination,
        sourceTransaction: charge,
        transferGroup: charge.transfer_group,
        description: null,
        metadata: {},
        applicationFeeAmount: fee,
        availableOn: destinationAvailableOn,
      },
      request,
    );
    charge.transfer = transfer.id;
    if (fee !== null && fee > 0) {
      const applicationFee = createApplicationFee(
        core,
        { account: destination.id, amount: fee, currency: charge.currency, charge: transfer.destination_payment, originatingTransaction: charge.id, availableOn: destinationAvailableOn },
        request,
      );
      charge.application_fee = applicationFee.id;
      const payment = core.store.accountState(destination.id).charges.get(transfer.destination_payment);
      if (payment) payment.application_fee = applicationFee.id;
    }
    return;
  }
  if (core.account && fee !== null && fee > 0) {
    const applicationFee = createApplicationFee(core, { account: core.account, amount: fee, currency: charge.currency, charge: charge.id, originatingTransaction: null, availableOn }, request);
    charge.application_fee = applicationFee.id;
    if (chargeTxn) {
      chargeTxn.fee_details.push({ amount: fee, application: applicationFee.application, currency: charge.currency, description: "Application fee", type: "application_fee" });
      chargeTxn.fee += fee;
      chargeTxn.net -= fee;
    }
  }
}
