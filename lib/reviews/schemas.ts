/** The review and reply forms (FormData values are strings). */
import { z } from "zod";
import { text } from "@/lib/validation";
import { MAX_REPLY_LENGTH, MAX_REVIEW_LENGTH } from "./limits";

export const reviewSchema = z.object({
  rating: text({ error: "Choose a rating from 1 to 5 stars." })
    .trim()
    .regex(/^[1-5]$/, { error: "Choose a rating from 1 to 5 stars." })
    .transform(Number),
  review: text({ error: "Write a few words about your stay." })
    .trim()
    .min(1, { error: "Write a few words about your stay." })
    .max(MAX_REVIEW_LENGTH, { error: `A review can be at most ${MAX_REVIEW_LENGTH} characters.` }),
});

export const replySchema = z.object({
  reply: text({ error: "Write your reply first." })
    .trim()
    .min(1, { error: "Write your reply first." })
    .max(MAX_REPLY_LENGTH, { error: `A reply can be at most ${MAX_REPLY_LENGTH} characters.` }),
});
