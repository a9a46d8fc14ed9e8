/** The customer reviews a completed stay; the host replies. Both once (lib/reviews). */
import type { Actor } from "@/lib/auth/actor";
import type { Ctx } from "@/lib/context";
import { createReview, replyToReview } from "@/lib/reviews/reviews";

export function writeReview(ctx: Pick<Ctx, "db" | "clock">, actor: Actor, input: { bookingId: string; rating: number; body: string }) {
  return createReview(ctx.db, actor, { ...input, at: ctx.clock.now() });
}

export function writeReply(ctx: Pick<Ctx, "db" | "clock">, actor: Actor, input: { bookingId: string; reply: string }) {
  return replyToReview(ctx.db, actor, { ...input, at: ctx.clock.now() });
}
