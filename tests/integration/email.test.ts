/** Email: always recorded in the outbox; sent through SMTP_URL when it is set. */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { randomUUID } from "node:crypto";
import { createPrismaClient } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { appUrl, deliveryMode, listOutbox, sendEmail, sendEmails, setEmailTransport, textBody } from "@/lib/email";
import { startSmtpServer } from "../support/smtp-server";

const db = createPrismaClient(inject("databaseUrl"), { max: 2 });
afterAll(() => db.$disconnect());
afterEach(() => {
  delete process.env.SMTP_URL;
  process.env.APP_URL = "";
  setEmailTransport(undefined);
  resetEnvCache();
});

function useEnv(vars: Record<string, string>) {
  Object.assign(process.env, vars);
  resetEnvCache();
}

const message = (to: string) => ({
  to,
  subject: "Your sauna request was sent",
  text: textBody("Aino will answer within 6 days.", `See it: ${appUrl("/account/bookings")}`),
  template: "booking.requested",
});

describe("sendEmail", () => {
  it("keeps the email in the outbox, PENDING, when SMTP_URL is unset", async () => {
    useEnv({ SMTP_URL: "", APP_URL: "https://loyly.example" });
    expect(deliveryMode()).toBe("outbox");
    const to = `${randomUUID()}@it.test`;
    const row = await sendEmail(message(to), { db });
    expect(row).toMatchObject({ status: "PENDING", template: "booking.requested", sentAt: null });
    expect(row.text).toContain("https://loyly.example/account/bookings");
    const stored = await listOutbox({ to }, db);
    expect(stored.map((e) => e.id)).toEqual([row.id]);
  });

  it("sends through SMTP_URL and marks the row SENT", async () => {
    const smtp = await startSmtpServer();
    try {
      useEnv({ SMTP_URL: smtp.url, EMAIL_FROM: "Löyly <no-reply@loyly.test>" });
      expect(deliveryMode()).toBe("smtp");
      const to = `${randomUUID()}@it.test`;
      const row = await sendEmail(message(to), { db });
      expect(row.status).toBe("SENT");
      expect(row.sentAt).toBeInstanceOf(Date);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]?.to).toEqual([`<${to}>`]);
      expect(smtp.received[0]?.from).toBe("<no-reply@loyly.test>");
      expect(smtp.received[0]?.data).toContain("Subject: Your sauna request was sent");
      expect(smtp.received[0]?.data).toContain("Aino will answer within 6 days.");
    } finally {
      await smtp.close();
    }
  });

  it("records FAILED with the reason when the SMTP server refuses, without throwing", async () => {
    const smtp = await startSmtpServer({ rejectRecipients: true });
    try {
      useEnv({ SMTP_URL: smtp.url });
      const to = `${randomUUID()}@it.test`;
      const row = await sendEmail(message(to), { db });
      expect(row.status).toBe("FAILED");
      expect(row.error).toMatch(/550|recipient/i);
      const [stored] = await listOutbox({ to }, db);
      expect(stored?.status).toBe("FAILED");
      expect(smtp.received).toHaveLength(0);
    } finally {
      await smtp.close();
    }
  });

  it("delivers through an injected transport", async () => {
    useEnv({ SMTP_URL: "" });
    const sent: string[] = [];
    const to = `${randomUUID()}@it.test`;
    await sendEmail(message(to), {
      db,
      transport: { send: async (m) => void sent.push(m.subject) },
    });
    expect(sent).toEqual(["Your sauna request was sent"]);
    expect((await listOutbox({ to }, db))[0]?.status).toBe("SENT");
  });
});

describe("sendEmails", () => {
  it("records every message PENDING in the outbox when SMTP_URL is unset", async () => {
    useEnv({ SMTP_URL: "" });
    const [a, b] = [`${randomUUID()}@it.test`, `${randomUUID()}@it.test`];
    await sendEmails([message(a), { ...message(b), template: "booking.other", subject: "Another" }], { db });
    const [rowA] = await listOutbox({ to: a }, db);
    const [rowB] = await listOutbox({ to: b }, db);
    expect(rowA).toMatchObject({ status: "PENDING", template: "booking.requested", subject: "Your sauna request was sent", sentAt: null });
    expect(rowB).toMatchObject({ status: "PENDING", template: "booking.other", subject: "Another", sentAt: null });
  });

  it("sends each message through SMTP and marks each row on its own", async () => {
    const smtp = await startSmtpServer();
    try {
      useEnv({ SMTP_URL: smtp.url });
      const [a, b] = [`${randomUUID()}@it.test`, `${randomUUID()}@it.test`];
      await sendEmails([message(a), message(b)], { db });
      expect(smtp.received.map((m) => m.to)).toEqual([[`<${a}>`], [`<${b}>`]]);
      expect((await listOutbox({ to: a }, db))[0]?.status).toBe("SENT");
      expect((await listOutbox({ to: b }, db))[0]?.status).toBe("SENT");
    } finally {
      await smtp.close();
    }
  });
});
