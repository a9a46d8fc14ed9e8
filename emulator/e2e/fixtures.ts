/**
 * Worker-scoped fixtures: an in-process emulator (its own port and data dir), the official
 * `stripe` SDK pointed at it, and the merchant test site on a different origin.
 * Plus page helpers for the card frame and the 3DS modal.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { test as base, expect, type FrameLocator, type Page } from "@playwright/test";
import Stripe from "stripe";
import { startEmulator } from "../server/index.js";
import { startSite, type Site } from "./site/server.js";

export const SECRET_KEY = "sk_test_emulator_e2e";
export const PUBLISHABLE_KEY = "pk_test_emulator_e2e";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

interface WorkerFixtures {
  emulator: Emulator;
  stripe: Stripe;
  site: Site;
}

/** A port nobody listens on, so the emulator's public URL can be fixed before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no free port");
  return address.port;
}

const withWorkerFixtures = base.extend<object, WorkerFixtures>({
  emulator: [
    async ({}, use) => {
      const port = await freePort();
      const dataDir = await mkdtemp(path.join(tmpdir(), "stripe-emulator-e2e-"));
      const emulator = await startEmulator({
        port,
        host: "127.0.0.1",
        dataDir,
        publicUrl: `http://127.0.0.1:${port}`,
        quiet: true,
      });
      await use(emulator);
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
    { scope: "worker" },
  ],
  stripe: [
    async ({ emulator }, use) => {
      await use(new Stripe(SECRET_KEY, {
        host: "127.0.0.1",
        port: emulator.port,
        protocol: "http",
        maxNetworkRetries: 0,
      }));
    },
    { scope: "worker" },
  ],
  site: [
    async ({ emulator, stripe }, use) => {
      const site = await startSite({ stripe, emulatorUrl: emulator.url, publishableKey: PUBLISHABLE_KEY });
      await use(site);
      await site.close();
    },
    { scope: "worker" },
  ],
});

export const test = withWorkerFixtures.extend({
  // Pages are addressed relative to the worker's merchant site.
  baseURL: async ({ site }, use) => {
    await use(site.url);
  },
});

export { expect };

/** A card expiry a few years ahead, as typed: "MMYY". */
export function futureExpiry(): string {
  return `12${String((new Date().getFullYear() + 4) % 100).padStart(2, "0")}`;
}

export function cardFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="Secure payment input frame"]');
}

export function challengeFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="3D Secure authentication"]');
}

export interface CardInput {
  number: string;
  expiry?: string;
  cvc?: string;
}

/** Types a card into the Payment Element / Card Element frame like a customer would. */
export async function typeCard(page: Page, card: CardInput): Promise<void> {
  const frame = cardFrame(page);
  await frame.getByLabel("Card number").fill(card.number);
  await frame.getByLabel("Expiration date").fill(card.expiry ?? futureExpiry());
  await frame.getByLabel("Security code").fill(card.cvc ?? "123");
}

/** Answers the 3DS challenge in Stripe.js's modal. */
export async function answerChallenge(page: Page, outcome: "Complete" | "Fail"): Promise<void> {
  const dialog = page.getByRole("dialog", { name: "3D Secure authentication" });
  await expect(dialog).toBeVisible();
  const frame = challengeFrame(page);
  await expect(frame.getByRole("heading", { name: "3D Secure 2 Test Page" })).toBeVisible();
  await frame.getByRole("button", { name: outcome, exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

/** The intent the page's server created (rendered as data attributes). */
export async function intentOnPage(page: Page, selector = "#intent"): Promise<{ id: string; customer: string }> {
  const node = page.locator(selector);
  await expect(node).toHaveAttribute("data-intent-id", /^(seti|pi)_/);
  const id = await node.getAttribute("data-intent-id");
  const customer = await node.getAttribute("data-customer");
  if (!id || !customer) throw new Error("the page shows no intent");
  return { id, customer };
}
