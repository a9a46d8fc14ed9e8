/** The message form of a booking's conversation (FormData values are strings). */
import { z } from "zod";
import { text } from "@/lib/validation";
import { MAX_MESSAGE_LENGTH } from "./limits";

export const messageSchema = z.object({
  message: text({ error: "Write a message first." })
    .trim()
    .min(1, { error: "Write a message first." })
    .max(MAX_MESSAGE_LENGTH, { error: `A message can be at most ${MAX_MESSAGE_LENGTH} characters; split it in two.` }),
});
