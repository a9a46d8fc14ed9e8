/** next-auth provider ids (safe for client bundles). */
export const PASSWORD_PROVIDER = "credentials";
/** Signs in with the link of a sign-up e-mail, creating the account. */
export const SIGN_UP_LINK_PROVIDER = "sign-up-link";
