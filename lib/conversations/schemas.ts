/** The message form of a booking's conversation (FormData values are strings). */
import { z } from "zod";
import { text } from "@/lib/validation";

/** The longest message: a few paragraphs, not a document. */
export const MAX_MESSAGE_LENGTH = 2000;

export const messageSchema = z.object({
  message: text({ error: "Write a message first." })
    .trim()
    .min(1, { error: "Write a message first." })
    .max(MAX_MESSAGE_LENGTH, { error: `A message can be at most ${MAX_MESSAGE_LENGTH} characters; split it in two.` }),
});
