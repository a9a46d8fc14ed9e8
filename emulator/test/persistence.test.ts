/** State survives a restart: objects, events, idempotency keys, the card's set-up status. */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTestEmulator } from "./helpers.js";

const dataDir = mkdtempSync(join(tmpdir(), "stripe-emulator-persist-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("persistence", () => {
  it("restarts with everything it had", async () => {
    const first = await startTestEmulator({}, dataDir);
    const customer = await first.stripe.customers.create({ email: "keep@example.com", metadata: { k: "v" } });
    const si = await first.stripe.setupIntents.create({ customer: customer.id, payment_method: "pm_card_authenticationRequiredOnSetup", confirm: true, return_url: "https://x.example" });
    await first.emulator.control.complete3DS(si.id, si.client_secret ?? "");
    const pm = String((await first.stripe.setupIntents.retrieve(si.id)).payment_method);
    const pi = await first.stripe.paymentIntents.create({ amount: 1000, currency: "eur", customer: customer.id, payment_method: pm, confirm: true, off_session: true }, { idempotencyKey: "persist-key" });
    await first.emulator.close();
    expect(existsSync(join(dataDir, "state.json"))).toBe(true);
    expect(readdirSync(dataDir).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    const second = await startTestEmulator({}, dataDir);
    try {
      expect(await second.stripe.customers.retrieve(customer.id)).toMatchObject({ email: "keep@example.com", metadata: { k: "v" } });
      expect((await second.stripe.paymentMethods.retrieve(pm)).customer).toBe(customer.id);
      const replay = await second.stripe.paymentIntents.create({ amount: 1000, currency: "eur", customer: customer.id, payment_method: pm, confirm: true, off_session: true }, { idempotencyKey: "persist-key" });
      expect(replay.id).toBe(pi.id);
      expect(replay.lastResponse.headers["idempotent-replayed"]).toBe("true");
      // the card is still set up for off-session use
      const next = await second.stripe.paymentIntents.create({ amount: 2000, currency: "eur", customer: customer.id, payment_method: pm, confirm: true, off_session: true });
      expect(next.status).toBe("succeeded");
      expect((await second.stripe.events.list({ type: "setup_intent.succeeded" })).data).toHaveLength(1);
      expect((await second.emulator.control.counters()).chargesSucceeded).toBe(2);
    } finally {
      await second.emulator.close();
    }
  });
});
