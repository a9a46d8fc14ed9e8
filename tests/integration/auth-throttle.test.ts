/**
 * Sign-in throttling and sign-up without account enumeration, against a real PostgreSQL:
 * counters shared by separate connection pools (as separate app instances would), the
 * lock e-mail in the outbox, operators lifting locks, sign-up links.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { inject } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { signInWithPassword, signInWithSignUpLink } from "@/lib/auth/sign-in";
import { completeSignUp, findPendingSignUp, requestSignUp, SignUpLinkInvalid } from "@/lib/auth/sign-up";
import { liftThrottle, listThrottles, throttleRules, TooManyAttempts, type ThrottleRules } from "@/lib/auth/throttle";
import { AccountSuspended, EmailTaken } from "@/lib/auth/users";
import { createPrismaClient } from "@/lib/db/client";
import { NotAllowed } from "@/lib/errors";

const url = inject("databaseUrl");
const db = createPrismaClient(url, { max: 4 });
/** A second pool: another app instance. */
const otherInstance = createPrismaClient(url, { max: 4 });
afterAll(() => Promise.all([db.$disconnect(), otherInstance.$disconnect()]));
// Dozens of bcrypt checks per test: slow on a busy machine.
vi.setConfig({ testTimeout: 180_000 });

const MIN = 60_000;
const PASSWORD = "sauna-2025-ok";
const rules: ThrottleRules = throttleRules({
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT: 5,
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: 20,
  SIGN_IN_WINDOW_MINUTES: 15,
  SIGN_IN_LOCK_MINUTES: 15,
  SIGN_UP_MAX_PER_ADDRESS: 20,
  SIGN_UP_MAX_PER_EMAIL: 5,
  SIGN_UP_WINDOW_MINUTES: 60,
});
const t0 = new Date("2026-03-02T09:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

let addressSeq = 0;
/** A client address no other test uses. */
const freshAddress = () => `198.51.${Math.floor(Math.random() * 200)}.${(addressSeq++ % 250) + 1}-${randomUUID().slice(0, 6)}`;

const passwordHash = hashPassword(PASSWORD);
async function account(role: "CUSTOMER" | "OPERATOR" = "CUSTOMER") {
  const email = `throttle-${randomUUID()}@it.test`;
  const user = await db.user.create({ data: { email, name: "Aino Testi", role, passwordHash: await passwordHash } });
  return { ...user, actor: { id: user.id, role: user.role } };
}

type Outcome = "signed-in" | "wrong" | "too-many";
async function tryPassword(email: string, password: string, address: string | null, now: Date, client = db): Promise<Outcome> {
  try {
    const user = await signInWithPassword(client, { email, password, address }, { now, rules });
    return user ? "signed-in" : "wrong";
  } catch (error) {
    if (error instanceof TooManyAttempts) return "too-many";
    throw error;
  }
}

const lockEmails = (to: string) => db.outboxEmail.findMany({ where: { to, template: "auth.account_locked" } });

describe("sign-in throttling per account", () => {
  it("30 wrong passwords, then the right one: refused with the wait, the owner told once", async () => {
    const user = await account();
    const address = freshAddress();
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 30; i++) outcomes.push(await tryPassword(user.email, `wrong-${i}`, address, at(i * 1000)));
    expect(outcomes.slice(0, 4)).toEqual(["wrong", "wrong", "wrong", "wrong"]);
    expect(outcomes.slice(4).every((o) => o === "too-many")).toBe(true);

    await expect(signInWithPassword(db, { email: user.email, password: PASSWORD, address }, { now: at(60_000), rules })).rejects.toThrow(
      "Too many attempts — try again in 15 minutes.",
    );
    // Another instance, another address: the account is still locked.
    expect(await tryPassword(user.email, PASSWORD, freshAddress(), at(2 * MIN), otherInstance)).toBe("too-many");

    const emails = await lockEmails(user.email);
    expect(emails).toHaveLength(1);
    expect(emails[0]?.text).toMatch(/locked for 15 minutes/);
  });

  it("counts concurrent guesses from separate instances one by one", async () => {
    const user = await account();
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => tryPassword(user.email, `wrong-${i}`, freshAddress(), t0, i % 2 ? db : otherInstance)),
    );
    expect(outcomes.filter((o) => o === "wrong")).toHaveLength(4);
    expect(outcomes.filter((o) => o === "too-many")).toHaveLength(26);
    expect(await lockEmails(user.email)).toHaveLength(1);
  });

  it("a right password before the limit starts the count again", async () => {
    const user = await account();
    const address = freshAddress();
    for (let i = 0; i < 4; i++) expect(await tryPassword(user.email, "wrong-pass-1", address, t0)).toBe("wrong");
    expect(await tryPassword(user.email, PASSWORD, address, t0)).toBe("signed-in");
    for (let i = 0; i < 4; i++) expect(await tryPassword(user.email, "wrong-pass-1", address, t0)).toBe("wrong");
    expect(await tryPassword(user.email, PASSWORD, address, t0)).toBe("signed-in");
  });

  it("the lock ends on time, and the next one lasts twice as long", async () => {
    const user = await account();
    for (let i = 0; i < 5; i++) await tryPassword(user.email, "wrong-pass-1", freshAddress(), t0);
    expect(await tryPassword(user.email, PASSWORD, freshAddress(), at(15 * MIN - 1000))).toBe("too-many");
    for (let i = 0; i < 5; i++) await tryPassword(user.email, "wrong-pass-1", freshAddress(), at(15 * MIN));
    await expect(signInWithPassword(db, { email: user.email, password: PASSWORD, address: null }, { now: at(15 * MIN), rules })).rejects.toThrow(
      "try again in 30 minutes",
    );
    expect(await tryPassword(user.email, PASSWORD, null, at(45 * MIN))).toBe("signed-in");
  });

  it("locks unknown e-mail addresses the same way, with no e-mail sent", async () => {
    const email = `nobody-${randomUUID()}@it.test`;
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 6; i++) outcomes.push(await tryPassword(email, "wrong-pass-1", freshAddress(), t0));
    expect(outcomes).toEqual(["wrong", "wrong", "wrong", "wrong", "too-many", "too-many"]);
    expect(await db.outboxEmail.count({ where: { to: email } })).toBe(0);
  });

  it("a suspended account with the right password is told so, and that is no failure", async () => {
    const user = await account();
    await db.user.update({ where: { id: user.id }, data: { status: "SUSPENDED" } });
    for (let i = 0; i < 8; i++) {
      await expect(signInWithPassword(db, { email: user.email, password: PASSWORD, address: null }, { now: t0, rules })).rejects.toBeInstanceOf(AccountSuspended);
    }
  });
});

describe("sign-in throttling per client address", () => {
  it("20 failures from one address lock it for every account; other addresses are not affected", async () => {
    const address = freshAddress();
    const victim = await account();
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 21; i++) outcomes.push(await tryPassword(`spray-${i}-${randomUUID()}@it.test`, "wrong-pass-1", address, t0));
    expect(outcomes.filter((o) => o === "wrong")).toHaveLength(19);
    expect(outcomes.slice(19)).toEqual(["too-many", "too-many"]);

    expect(await tryPassword(victim.email, PASSWORD, address, at(MIN))).toBe("too-many");
    expect(await tryPassword(victim.email, PASSWORD, freshAddress(), at(MIN))).toBe("signed-in");
    expect(await lockEmails(victim.email)).toHaveLength(0);
  });

  it("right passwords from one address (an office behind NAT) do not add up", async () => {
    const address = freshAddress();
    const users = await Promise.all(Array.from({ length: 22 }, () => account()));
    for (const user of users) expect(await tryPassword(user.email, PASSWORD, address, t0)).toBe("signed-in");
  });
});

describe("operators and locks", () => {
  it("an operator sees the lock and lifts it; then the right password works", async () => {
    const user = await account();
    const operator = await account("OPERATOR");
    const now = new Date(); // the listing uses real time, like the app
    for (let i = 0; i < 5; i++) await tryPassword(user.email, "wrong-pass-1", null, now);
    expect(await tryPassword(user.email, PASSWORD, null, now)).toBe("too-many");

    const rows = await listThrottles(db, operator.actor, now);
    const lock = rows.find((r) => r.kind === "SIGN_IN_ACCOUNT" && r.key === user.email);
    expect(lock?.locked).toBe(true);

    await expect(liftThrottle(db, user.actor, lock!.id)).rejects.toBeInstanceOf(NotAllowed);
    await expect(listThrottles(db, user.actor)).rejects.toBeInstanceOf(NotAllowed);
    await liftThrottle(db, operator.actor, lock!.id);
    expect(await tryPassword(user.email, PASSWORD, null, now)).toBe("signed-in");
    await expect(liftThrottle(db, operator.actor, lock!.id)).rejects.toThrow(/not found/);
  });
});

describe("sign-up", () => {
  const input = (email: string) => ({ name: "Uusi Asiakas", email, password: PASSWORD, role: "CUSTOMER" as const });
  const linkToken = (text: string) => /token=([\w-]+)/.exec(text)?.[1];

  it("a new address gets a link; the account exists only once it is used, and the link works once", async () => {
    const email = `new-${randomUUID()}@it.test`;
    await requestSignUp(db, { ...input(email), callbackPath: "/saunas/x" }, { address: freshAddress(), now: new Date(), rules });
    expect(await db.user.count({ where: { email } })).toBe(0);
    const [mail] = await db.outboxEmail.findMany({ where: { to: email } });
    expect(mail?.template).toBe("auth.sign_up_confirm");
    const token = linkToken(mail!.text);
    expect(token).toBeTruthy();
    expect(await findPendingSignUp(db, token!)).toMatchObject({ email, role: "CUSTOMER", callbackPath: "/saunas/x" });

    const created = await completeSignUp(db, token!);
    expect(created).toMatchObject({ email, role: "CUSTOMER", name: "Uusi Asiakas" });
    expect(await tryPassword(email, PASSWORD, null, new Date())).toBe("signed-in");
    await expect(completeSignUp(db, token!)).rejects.toBeInstanceOf(SignUpLinkInvalid);
    expect(await findPendingSignUp(db, token!)).toBeNull();
  });

  it("a registered address: the same answer, no new account, a note to the owner", async () => {
    const owner = await account();
    await expect(requestSignUp(db, input(owner.email), { address: freshAddress(), rules })).resolves.toBeUndefined();
    const mails = await db.outboxEmail.findMany({ where: { to: owner.email } });
    expect(mails.map((m) => m.template)).toEqual(["auth.already_registered"]);
    expect(mails[0]?.text).not.toMatch(/token=/);
    expect(await db.pendingSignUp.count({ where: { email: owner.email } })).toBe(0);
    expect(await db.user.count({ where: { email: owner.email } })).toBe(1);
  });

  it("links expire, and an address taken meanwhile is refused", async () => {
    const email = `late-${randomUUID()}@it.test`;
    const then = new Date(Date.now() - 25 * 3600_000);
    await requestSignUp(db, input(email), { address: freshAddress(), now: then, rules });
    const expired = linkToken((await db.outboxEmail.findFirstOrThrow({ where: { to: email } })).text)!;
    await expect(completeSignUp(db, expired)).rejects.toBeInstanceOf(SignUpLinkInvalid);

    const other = `twice-${randomUUID()}@it.test`;
    await requestSignUp(db, input(other), { address: freshAddress(), rules });
    await requestSignUp(db, input(other), { address: freshAddress(), rules });
    const [first, second] = (await db.outboxEmail.findMany({ where: { to: other }, orderBy: { createdAt: "asc" } })).map((m) => linkToken(m.text)!);
    await completeSignUp(db, second!);
    // The other link of the address was dropped with it.
    await expect(completeSignUp(db, first!)).rejects.toBeInstanceOf(SignUpLinkInvalid);

    const raced = `raced-${randomUUID()}@it.test`;
    await requestSignUp(db, input(raced), { address: freshAddress(), rules });
    const racedToken = linkToken((await db.outboxEmail.findFirstOrThrow({ where: { to: raced } })).text)!;
    await db.user.create({ data: { email: raced, name: "First", passwordHash: "x" } });
    await expect(completeSignUp(db, racedToken)).rejects.toBeInstanceOf(EmailTaken);
  });

  it("two clicks on one link at once: one account", async () => {
    const email = `clicks-${randomUUID()}@it.test`;
    await requestSignUp(db, input(email), { address: freshAddress(), rules });
    const token = linkToken((await db.outboxEmail.findFirstOrThrow({ where: { to: email } })).text)!;
    const results = await Promise.allSettled([completeSignUp(db, token), completeSignUp(otherInstance, token)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason instanceof SignUpLinkInvalid || r.reason instanceof EmailTaken).toBe(true);
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("is limited per client address and per e-mail address", async () => {
    const address = freshAddress();
    for (let i = 0; i < 20; i++) await requestSignUp(db, input(`many-${i}-${randomUUID()}@it.test`), { address, now: t0, rules });
    await expect(requestSignUp(db, input(`one-more-${randomUUID()}@it.test`), { address, now: at(MIN), rules })).rejects.toThrow(
      "Too many attempts — try again in 59 minutes.",
    );
    await expect(requestSignUp(db, input(`next-hour-${randomUUID()}@it.test`), { address, now: at(61 * MIN), rules })).resolves.toBeUndefined();

    const target = `bombed-${randomUUID()}@it.test`;
    for (let i = 0; i < 5; i++) await requestSignUp(db, input(target), { address: freshAddress(), now: t0, rules });
    await expect(requestSignUp(db, input(target), { address: freshAddress(), now: t0, rules })).rejects.toBeInstanceOf(TooManyAttempts);
    expect(await db.outboxEmail.count({ where: { to: target } })).toBe(5);
  });

  it("sign-up links that do not work count as failed sign-ins of the address", async () => {
    const address = freshAddress();
    for (let i = 0; i < 19; i++) {
      await expect(signInWithSignUpLink(db, `not-a-real-token-${i}-xxxxxxxx`, address, { now: t0, rules })).rejects.toBeInstanceOf(SignUpLinkInvalid);
    }
    await expect(signInWithSignUpLink(db, "not-a-real-token-last-xxxxxxxx", address, { now: t0, rules })).rejects.toBeInstanceOf(TooManyAttempts);

    const email = `linked-${randomUUID()}@it.test`;
    await requestSignUp(db, input(email), { address: freshAddress(), rules });
    const token = linkToken((await db.outboxEmail.findFirstOrThrow({ where: { to: email } })).text)!;
    await expect(signInWithSignUpLink(db, token, address, { now: at(MIN), rules })).rejects.toBeInstanceOf(TooManyAttempts);
    expect((await signInWithSignUpLink(db, token, freshAddress(), { now: at(MIN), rules })).email).toBe(email);
  });
});
