/**
 * Accounts: registration, credential checks and the operator's user administration.
 * Plain functions over an injectable Prisma client.
 */
import type { Db } from "@/lib/db";
import { Conflict, NotAllowed, NotFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import type { Actor } from "./actor";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";
import type { SignUpInput } from "./schemas";

export interface AccountSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export class AccountSuspended extends NotAllowed {
  constructor() {
    super("This account is suspended. Contact support@loyly.local.");
  }
}

export class EmailTaken extends Conflict {
  constructor() {
    super("An account with this e-mail already exists.", {
      email: ["An account with this e-mail already exists. Sign in instead."],
    });
  }
}

export async function registerUser(db: Db, input: SignUpInput): Promise<AccountSummary> {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new EmailTaken();
  const passwordHash = await hashPassword(input.password);
  return createAccount(db, { name: input.name, email: input.email, role: input.role, passwordHash });
}

/** Creates the account from an already hashed password (a confirmed sign-up). */
export async function createAccount(
  db: Db,
  input: { name: string; email: string; role: Role; passwordHash: string },
): Promise<AccountSummary> {
  try {
    return await db.user.create({
      data: { name: input.name, email: input.email, passwordHash: input.passwordHash, role: input.role },
      select: { id: true, email: true, name: true, role: true },
    });
  } catch (error) {
    // Two sign-ups with one address at once: the unique index decides, the loser is told.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new EmailTaken();
    throw error;
  }
}

/** The account for these credentials; null when they do not match; throws when suspended. */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<AccountSummary | null> {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) {
    await burnPasswordCheck(password);
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  if (user.status === "SUSPENDED") throw new AccountSuspended();
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

function requireOperator(actor: Actor) {
  if (actor.role !== "OPERATOR") throw new NotAllowed("Only operators can manage users.");
}

export async function listUsers(db: Db, actor: Actor, filter: { query?: string } = {}) {
  requireOperator(actor);
  const query = filter.query?.trim();
  return db.user.findMany({
    where: query
      ? { OR: [{ email: { contains: query, mode: "insensitive" } }, { name: { contains: query, mode: "insensitive" } }] }
      : undefined,
    orderBy: [{ role: "desc" }, { createdAt: "asc" }],
    select: { id: true, email: true, name: true, role: true, status: true, createdAt: true, _count: { select: { listings: true } } },
    take: 500,
  });
}

export async function changeUserRole(db: Db, actor: Actor, userId: string, role: Role) {
  requireOperator(actor);
  if (userId === actor.id) throw new NotAllowed("You cannot change your own role.");
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw new NotFound("User");
  return db.user.update({ where: { id: userId }, data: { role }, select: { id: true, role: true } });
}

export async function setUserSuspended(db: Db, actor: Actor, userId: string, suspended: boolean) {
  requireOperator(actor);
  if (userId === actor.id) throw new NotAllowed("You cannot suspend yourself.");
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw new NotFound("User");
  return db.user.update({
    where: { id: userId },
    data: { status: suspended ? "SUSPENDED" : "ACTIVE" },
    select: { id: true, status: true },
  });
}
