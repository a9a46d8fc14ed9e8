/**
 * Plain JS with the Card Element: confirmCardSetup, confirmCardPayment (also with
 * handleActions:false + handleNextAction), and the pay-now recovery — confirmCardPayment
 * with a saved payment_method id after an off-session charge failed with
 * authentication_required.
 */
import type { Page } from "@playwright/test";
import type { Stripe as StripeJs } from "@stripe/stripe-js";
import Stripe from "stripe";
import { answerChallenge, cardFrame, expect, PUBLISHABLE_KEY, test, typeCard } from "./fixtures.js";

async function openPlain(page: Page, query: string): Promise<{ id: string; customer: string }> {
  await page.goto(`/plain?${query}`);
  await expect(page.getByRole("button", { name: "Pay" })).toBeEnabled();
  const form = page.locator("#form");
  await expect(form).toHaveAttribute("data-intent-id", /^(seti|pi)_/);
  return {
    id: (await form.getAttribute("data-intent-id")) ?? "",
    customer: (await form.getAttribute("data-customer")) ?? "",
  };
}

/** Saves a card through the Card Element (confirmCardSetup + 3DS when the card asks). */
async function saveCard(page: Page, stripe: Stripe, number: string, threeDS: boolean) {
  const { id, customer } = await openPlain(page, "flow=setup");
  await typeCard(page, { number });
  await page.getByRole("button", { name: "Pay" }).click();
  if (threeDS) await answerChallenge(page, "Complete");
  await expect(page.locator("#result")).toHaveAttribute("data-status", "succeeded");
  const setupIntent = await stripe.setupIntents.retrieve(id);
  const pm = typeof setupIntent.payment_method === "string" ? setupIntent.payment_method : setupIntent.payment_method?.id;
  if (!pm) throw new Error("the SetupIntent has no payment method");
  return { setupIntent, customer, paymentMethod: pm };
}

test("confirmCardSetup with the Card Element saves the card with its billing details", async ({ page, stripe }) => {
  const { setupIntent, customer, paymentMethod } = await saveCard(page, stripe, "4000002500003155", true);
  expect(setupIntent.status).toBe("succeeded");
  const pm = await stripe.paymentMethods.retrieve(paymentMethod);
  expect(pm.customer).toBe(customer);
  expect(pm.billing_details.name).toBe("Sauna Guest");
  expect(pm.card?.last4).toBe("3155");
  await expect(cardFrame(page).getByLabel("Card number")).toBeVisible();
  await expect(page.locator('iframe[title="Secure payment input frame"]')).toHaveCount(1);
});

test("the Card Element reports validation errors to the app through change events", async ({ page }) => {
  await openPlain(page, "flow=setup");
  const frame = cardFrame(page);
  await frame.getByLabel("Card number").fill("4242424242424241");
  await expect(page.locator("#card-error")).toHaveText("Your card number is invalid.");
  await expect(page.locator("#card")).toHaveClass(/StripeElement--invalid/);
  await frame.getByLabel("Card number").fill("4242424242424242");
  await expect(page.locator("#card-error")).toHaveText("");
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.locator("#result")).toHaveAttribute("data-error-code", "incomplete_expiry");
  await expect(page.locator("#card-error")).toHaveText("Your card's expiration date is incomplete.");
});

test("confirmCardPayment with the Card Element charges the card", async ({ page, stripe }) => {
  const { id } = await openPlain(page, "flow=payment");
  await typeCard(page, { number: "4242424242424242" });
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.locator("#result")).toHaveText(`succeeded ${id}`);
  const paymentIntent = await stripe.paymentIntents.retrieve(id);
  expect(paymentIntent.status).toBe("succeeded");
  expect(paymentIntent.amount_received).toBe(paymentIntent.amount);
});

test("handleActions:false leaves requires_action; handleNextAction runs the challenge", async ({ page, stripe }) => {
  const { id } = await openPlain(page, "flow=payment&manual=1");
  await typeCard(page, { number: "4000000000003220" });
  await page.getByRole("button", { name: "Pay" }).click();
  await answerChallenge(page, "Complete");
  const result = page.locator("#result");
  await expect(result).toHaveAttribute("data-first-status", "requires_action");
  await expect(result).toHaveText(`succeeded ${id}`);
  expect((await stripe.paymentIntents.retrieve(id)).status).toBe("succeeded");
});

test.describe("pay-now recovery after an off-session authentication_required failure", () => {
  async function failOffSession(stripe: Stripe, customer: string, paymentMethod: string) {
    const attempt = stripe.paymentIntents.create({
      amount: 7000,
      currency: "eur",
      customer,
      payment_method: paymentMethod,
      off_session: true,
      confirm: true,
    });
    const error: unknown = await attempt.then(() => null, (err: unknown) => err);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    if (!(error instanceof Stripe.errors.StripeCardError)) throw new Error("expected a card error");
    expect(error.statusCode).toBe(402);
    expect(error.code).toBe("authentication_required");
    const paymentIntent = error.payment_intent;
    if (!paymentIntent?.client_secret) throw new Error("the error carries no PaymentIntent");
    expect(paymentIntent.status).toBe("requires_payment_method");
    return paymentIntent;
  }

  test("the customer authenticates on session and the PaymentIntent succeeds", async ({ page, stripe }) => {
    const { customer, paymentMethod } = await saveCard(page, stripe, "4000002760003184", true);
    const failed = await failOffSession(stripe, customer, paymentMethod);

    await page.goto(`/plain?flow=paynow&cs=${encodeURIComponent(failed.client_secret ?? "")}&pm=${paymentMethod}`);
    await page.getByRole("button", { name: "Pay now with saved card" }).click();
    await answerChallenge(page, "Complete");
    await expect(page.locator("#result")).toHaveText(`succeeded ${failed.id}`);
    await expect(page.locator("#result")).toHaveAttribute("data-payment-method", paymentMethod);

    const paymentIntent = await stripe.paymentIntents.retrieve(failed.id);
    expect(paymentIntent.status).toBe("succeeded");
    expect(paymentIntent.amount_received).toBe(7000);
  });

  test("failing the challenge again keeps it unpaid with payment_intent_authentication_failure", async ({ page, stripe }) => {
    const { customer, paymentMethod } = await saveCard(page, stripe, "4000002760003184", true);
    const failed = await failOffSession(stripe, customer, paymentMethod);

    await page.goto(`/plain?flow=paynow&cs=${encodeURIComponent(failed.client_secret ?? "")}&pm=${paymentMethod}`);
    await page.getByRole("button", { name: "Pay now with saved card" }).click();
    await answerChallenge(page, "Fail");
    await expect(page.locator("#result")).toHaveAttribute("data-error-code", "payment_intent_authentication_failure");
    const paymentIntent = await stripe.paymentIntents.retrieve(failed.id);
    expect(paymentIntent.status).toBe("requires_payment_method");
  });
});

test("pay now from requires_action: confirmCardPayment with the saved card re-runs the challenge", async ({ page, stripe }) => {
  const { customer, paymentMethod } = await saveCard(page, stripe, "4000002760003184", true);
  // A server-side confirmation on behalf of the customer stops at requires_action.
  const pending = await stripe.paymentIntents.create({
    amount: 3000,
    currency: "eur",
    customer,
    payment_method: paymentMethod,
    confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: "never" },
  });
  expect(pending.status).toBe("requires_action");

  await page.goto(`/plain?flow=paynow&cs=${encodeURIComponent(pending.client_secret ?? "")}&pm=${paymentMethod}`);
  await page.getByRole("button", { name: "Pay now with saved card" }).click();
  await answerChallenge(page, "Complete");
  await expect(page.locator("#result")).toHaveText(`succeeded ${pending.id}`);
  expect((await stripe.paymentIntents.retrieve(pending.id)).status).toBe("succeeded");
});

test("a wrong client secret is reported as the Payment Element's loaderror", async ({ page }) => {
  await page.goto("/plain?flow=setup");
  await expect(page.getByRole("button", { name: "Pay" })).toBeEnabled();
  const error = await page.evaluate(async (pk) => {
    const container = document.createElement("div");
    document.body.appendChild(container);
    const stripeJs = (window as unknown as { Stripe: (key: string) => StripeJs }).Stripe(pk);
    const element = stripeJs.elements({ clientSecret: "seti_doesnotexist_secret_nope" }).create("payment");
    const loadError = new Promise<unknown>((resolve) => element.on("loaderror", (event: unknown) => resolve(event)));
    element.mount(container);
    return loadError;
  }, PUBLISHABLE_KEY);
  expect(error).toMatchObject({ elementType: "payment", error: { type: "invalid_request_error" } });
});
