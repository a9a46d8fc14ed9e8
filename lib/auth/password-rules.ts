/** The password rules as shown to people (zod-free, safe for client bundles). */
export const PASSWORD_RULES = "At least 10 characters, with at least one letter and one digit.";
export const PASSWORD_MIN_LENGTH = 10;
