/** `GET /v1/balance`: the balance of the account the request acts as (the platform, or `Stripe-Account`'s). */
import type { RequestContext } from "../core.js";
import { balanceOf, type BalanceAmount } from "../ledger.js";
import { defineResource } from "../registry.js";

export interface BalanceObject {
  object: "balance";
  available: BalanceAmount[];
  connect_reserved: { amount: number; currency: string }[];
  livemode: false;
  pending: BalanceAmount[];
}

export function retrieve(ctx: RequestContext): BalanceObject {
  const { core } = ctx;
  const balance = balanceOf(core, core.account);
  const currencies = balance.available.length ? balance.available.map((b) => b.currency) : [core.account ? (core.platform.accounts.get(core.account)?.default_currency ?? "eur") : "eur"];
  const fill = (list: BalanceAmount[]) => currencies.map((currency) => list.find((b) => b.currency === currency) ?? { amount: 0, currency, source_types: { card: 0 } });
  return {
    object: "balance",
    available: fill(balance.available),
    connect_reserved: core.account ? [] : currencies.map((currency) => ({ amount: 0, currency })),
    livemode: false,
    pending: fill(balance.pending),
  };
}

defineResource({
  object: "balance",
  sdkType: "Balance",
  idPrefix: "balance",
  displayName: "balance",
  lookup: () => undefined,
  routes: [{ method: "GET", path: "/v1/balance", handle: retrieve, params: "BalanceRetrieveParams" }],
});
