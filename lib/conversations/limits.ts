/** The conversation's limits, free of zod so client components can show them. */
/** The longest message: a few paragraphs, not a document. */
export const MAX_MESSAGE_LENGTH = 2000;
