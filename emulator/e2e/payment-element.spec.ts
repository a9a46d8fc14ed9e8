/**
 * The unchanged @stripe/stripe-js + @stripe/react-stripe-js <PaymentElement> on the
 * emulator's Stripe.js: every documented test card through a SetupIntent and a
 * PaymentIntent, the 3DS challenge passed and failed, and what the emulator then holds.
 */
import type { Page } from "@playwright/test";
import type Stripe from "stripe";
import { CARDS, type Expected } from "./cards.js";
import { answerChallenge, cardFrame, expect, intentOnPage, test, typeCard } from "./fixtures.js";

const AMOUNT = 4500;

async function openCheckout(page: Page, query: string): Promise<{ id: string; customer: string }> {
  await page.goto(`/react?${query}`);
  await expect(cardFrame(page).getByLabel("Card number")).toBeVisible();
  await expect(page.getByRole("button", { name: /Save card|Pay now/ })).toBeEnabled();
  return intentOnPage(page);
}

async function submitAndMaybeAuthenticate(page: Page, threeDS: boolean, outcome: "Complete" | "Fail" = "Complete") {
  await page.getByRole("button", { name: /Save card|Pay now/ }).click();
  if (threeDS) await answerChallenge(page, outcome);
  await expect(page.locator("#result")).toHaveAttribute("data-outcome", /intent|error/, { timeout: 10_000 });
  await expect(page.getByRole("dialog")).toHaveCount(0);
}

async function expectErrorShown(page: Page, expected: Extract<Expected, { ok: false }>) {
  const result = page.locator("#result");
  await expect(result).toHaveAttribute("data-outcome", "error");
  await expect(result).toHaveAttribute("data-error-type", "card_error");
  await expect(result).toHaveAttribute("data-error-code", expected.code);
  await expect(result).toHaveAttribute("data-decline-code", expected.declineCode);
  await expect(result).toContainText(/^Error: .+/);
}

async function savedCards(stripe: Stripe, customer: string): Promise<Stripe.PaymentMethod[]> {
  const list = await stripe.paymentMethods.list({ customer, type: "card" });
  return list.data;
}

test.describe("Payment Element · SetupIntent (save a card)", () => {
  for (const card of CARDS) {
    test(`${card.number} ${card.what}`, async ({ page, stripe }) => {
      const { id, customer } = await openCheckout(page, "kind=setup");
      await typeCard(page, { number: card.number });
      await submitAndMaybeAuthenticate(page, card.threeDS);

      const setupIntent = await stripe.setupIntents.retrieve(id);
      if (card.setup.ok) {
        await expect(page.locator("#result")).toHaveAttribute("data-status", "succeeded");
        await expect(page.locator("#result")).toHaveText(`succeeded ${id}`);
        expect(setupIntent.status).toBe("succeeded");
        const pmId = typeof setupIntent.payment_method === "string" ? setupIntent.payment_method : setupIntent.payment_method?.id;
        await expect(page.locator("#result")).toHaveAttribute("data-payment-method", pmId ?? "missing");
        const saved = await savedCards(stripe, customer);
        expect(saved.map((pm) => pm.id)).toEqual([pmId]);
        expect(saved[0]?.card?.last4).toBe(card.number.slice(-4));
      } else {
        await expectErrorShown(page, card.setup);
        expect(setupIntent.status).toBe("requires_payment_method");
        expect(setupIntent.last_setup_error?.code).toBe(card.setup.code);
        expect(setupIntent.last_setup_error?.decline_code).toBe(card.setup.declineCode);
        expect(await savedCards(stripe, customer)).toEqual([]);
      }
    });
  }
});

test.describe("Payment Element · PaymentIntent (pay on session)", () => {
  for (const card of CARDS) {
    test(`${card.number} ${card.what}`, async ({ page, stripe }) => {
      const { id } = await openCheckout(page, `kind=payment&amount=${AMOUNT}`);
      await typeCard(page, { number: card.number });
      await submitAndMaybeAuthenticate(page, card.threeDS);

      const paymentIntent = await stripe.paymentIntents.retrieve(id);
      if (card.payment.ok) {
        await expect(page.locator("#result")).toHaveText(`succeeded ${id}`);
        expect(paymentIntent.status).toBe("succeeded");
        expect(paymentIntent.amount_received).toBe(AMOUNT);
        const pmId = typeof paymentIntent.payment_method === "string" ? paymentIntent.payment_method : paymentIntent.payment_method?.id;
        if (!pmId) throw new Error("the PaymentIntent has no payment method");
        const pm = await stripe.paymentMethods.retrieve(pmId);
        expect(pm.card?.last4).toBe(card.number.slice(-4));
      } else {
        await expectErrorShown(page, card.payment);
        expect(paymentIntent.status).toBe("requires_payment_method");
        expect(paymentIntent.last_payment_error?.code).toBe(card.payment.code);
        expect(paymentIntent.last_payment_error?.decline_code).toBe(card.payment.declineCode);
        expect(paymentIntent.amount_received).toBe(0);
      }
    });
  }
});

test.describe("3D Secure challenge failed", () => {
  test("a failed challenge returns the SetupIntent to requires_payment_method and saves nothing", async ({ page, stripe }) => {
    const { id, customer } = await openCheckout(page, "kind=setup");
    await typeCard(page, { number: "4000002760003184" });
    await submitAndMaybeAuthenticate(page, true, "Fail");

    const result = page.locator("#result");
    await expect(result).toHaveAttribute("data-outcome", "error");
    await expect(result).toHaveAttribute("data-error-code", "setup_intent_authentication_failure");
    const setupIntent = await stripe.setupIntents.retrieve(id);
    expect(setupIntent.status).toBe("requires_payment_method");
    expect(setupIntent.last_setup_error?.code).toBe("setup_intent_authentication_failure");
    expect(await savedCards(stripe, customer)).toEqual([]);
  });

  test("a failed challenge leaves the PaymentIntent unpaid; a second card then succeeds", async ({ page, stripe }) => {
    const { id } = await openCheckout(page, `kind=payment&amount=${AMOUNT}`);
    await typeCard(page, { number: "4000000000003220" });
    await submitAndMaybeAuthenticate(page, true, "Fail");

    await expect(page.locator("#result")).toHaveAttribute("data-error-code", "payment_intent_authentication_failure");
    let paymentIntent = await stripe.paymentIntents.retrieve(id);
    expect(paymentIntent.status).toBe("requires_payment_method");
    expect(paymentIntent.last_payment_error?.code).toBe("payment_intent_authentication_failure");

    // The customer tries again in the same form with a card that needs no challenge.
    await typeCard(page, { number: "4242424242424242" });
    await submitAndMaybeAuthenticate(page, false);
    await expect(page.locator("#result")).toHaveText(`succeeded ${id}`);
    paymentIntent = await stripe.paymentIntents.retrieve(id);
    expect(paymentIntent.status).toBe("succeeded");
  });

  test("closing the challenge dialog counts as a failed authentication", async ({ page, stripe }) => {
    const { id } = await openCheckout(page, "kind=setup");
    await typeCard(page, { number: "4000002500003155" });
    await page.getByRole("button", { name: "Save card" }).click();
    const dialog = page.getByRole("dialog", { name: "3D Secure authentication" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Close" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.locator("#result")).toHaveAttribute("data-error-code", "setup_intent_authentication_failure");
    expect((await stripe.setupIntents.retrieve(id)).status).toBe("requires_payment_method");
  });
});

test.describe("Payment Element integration", () => {
  test("loads through the unchanged loadStripe without version warnings and registers the wrappers", async ({ page }) => {
    const warnings: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "warning" || message.type() === "error") warnings.push(message.text());
    });
    await openCheckout(page, "kind=setup");
    expect(await page.evaluate(() => (window.Stripe as unknown as { version?: string } | undefined)?.version)).toBe("endive");
    expect(warnings.filter((w) => /Stripe\.js|stripe/i.test(w))).toEqual([]);
    const iframe = page.locator('iframe[title="Secure payment input frame"]');
    await expect(iframe).toHaveCount(1); // StrictMode mounted, destroyed and re-created it: one remains
    const box = await iframe.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThan(150); // resized to the frame's content
  });

  test("redirect 'always' returns to return_url with Stripe's query parameters", async ({ page, stripe }) => {
    const { id } = await openCheckout(page, "kind=setup&redirect=always");
    await typeCard(page, { number: "4000002500003155" });
    await page.getByRole("button", { name: "Save card" }).click();
    await answerChallenge(page, "Complete");
    await page.waitForURL(/\/return\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get("setup_intent")).toBe(id);
    expect(url.searchParams.get("setup_intent_client_secret")).toMatch(new RegExp(`^${id}_secret_`));
    expect(url.searchParams.get("redirect_status")).toBe("succeeded");
    expect((await stripe.setupIntents.retrieve(id)).status).toBe("succeeded");
  });

  test("deferred intent: elements.submit() validates first, then confirmSetup with a late client secret", async ({ page, stripe }) => {
    await page.goto("/react?kind=setup&deferred=1");
    const saveButton = page.getByRole("button", { name: "Save card" });
    await expect(saveButton).toBeEnabled();
    await saveButton.click();
    await expect(page.locator("#result")).toHaveAttribute("data-error-code", "incomplete_number");
    await expect(page.locator("#intent")).toHaveCount(0); // no intent was created for an invalid form

    await typeCard(page, { number: "4242424242424242" });
    await saveButton.click();
    await expect(page.locator("#result")).toHaveAttribute("data-status", "succeeded");
    const { id, customer } = await intentOnPage(page);
    expect((await stripe.setupIntents.retrieve(id)).status).toBe("succeeded");
    expect(await savedCards(stripe, customer)).toHaveLength(1);
  });

  test("deferred payment with 3DS", async ({ page, stripe }) => {
    await page.goto(`/react?kind=payment&deferred=1&amount=${AMOUNT}`);
    await expect(page.getByRole("button", { name: "Pay now" })).toBeEnabled();
    await typeCard(page, { number: "4000002760003184" });
    await submitAndMaybeAuthenticate(page, true);
    await expect(page.locator("#result")).toHaveAttribute("data-status", "succeeded");
    const { id } = await intentOnPage(page);
    expect((await stripe.paymentIntents.retrieve(id)).status).toBe("succeeded");
  });
});
