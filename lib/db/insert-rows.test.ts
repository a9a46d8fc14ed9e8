import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { BOOKING_EVENTS, newRowId, OUTBOX_EMAILS, PAYMENT_ATTEMPTS, type TableSpec } from "./insert-rows";

describe("the raw INSERT's table specs", () => {
  const cases: [string, TableSpec<object>, Record<string, string>][] = [
    ["booking_events", BOOKING_EVENTS as TableSpec<object>, Prisma.BookingEventScalarFieldEnum],
    ["payment_attempts", PAYMENT_ATTEMPTS as TableSpec<object>, Prisma.PaymentAttemptScalarFieldEnum],
    ["outbox_emails", OUTBOX_EMAILS as TableSpec<object>, Prisma.OutboxEmailScalarFieldEnum],
  ];
  it.each(cases)("%s names every scalar field of its model once (a new column cannot be left out)", (table, spec, fields) => {
    expect(spec.table).toBe(table);
    expect(spec.columns.map((c) => c.field).sort()).toEqual(Object.values(fields).sort());
    expect(new Set(spec.columns.map((c) => c.column)).size).toBe(spec.columns.length);
  });
});

describe("newRowId", () => {
  it("is 25 lowercase letters and digits starting with c, like Prisma's cuid()", () => {
    for (let i = 0; i < 200; i++) expect(newRowId()).toMatch(/^c[0-9a-z]{24}$/);
  });

  it("sorts by creation within a process, and does not repeat", () => {
    const ids = Array.from({ length: 2_000 }, newRowId);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
