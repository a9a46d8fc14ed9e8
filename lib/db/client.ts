import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";

/** A Prisma client or a transaction client: what data-access functions accept. */
export type Db = PrismaClient | Prisma.TransactionClient;

export interface CreatePrismaClientOptions {
  /** Connection pool size (pg default 10). */
  max?: number;
  log?: Prisma.LogLevel[];
}

/** A new Prisma client on `url` through the pg driver adapter. Callers own `$disconnect()`. */
export function createPrismaClient(
  url: string,
  options: CreatePrismaClientOptions = {},
): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: options.max });
  return new PrismaClient({ adapter, log: options.log });
}
