import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { isDomainError } from "@/lib/errors";
import { clientAddressFrom } from "@/lib/client-address";
import { PASSWORD_PROVIDER, SIGN_UP_LINK_PROVIDER } from "./providers";
import { credentialsSchema, signUpLinkSchema } from "./schemas";
import { signInWithPassword, signInWithSignUpLink } from "./sign-in";
import type { AccountSummary } from "./users";
import { secureCookiesFor } from "./cookies";

// next-auth v4 builds its callback URLs from NEXTAUTH_URL; default it to the app's URL so
// the app works on any PORT without extra configuration.
process.env.NEXTAUTH_URL ??= env.APP_URL;

export const SIGN_IN_PATH = "/sign-in";

/** next-auth hands `authorize` the request's headers as a plain record. */
function addressOf(req: { headers?: Record<string, unknown> } | undefined): string | null {
  const headers = req?.headers ?? {};
  return clientAddressFrom((name) => {
    const value = headers[name];
    return typeof value === "string" ? value : Array.isArray(value) && typeof value[0] === "string" ? value[0] : null;
  });
}

/** The account as next-auth's user, or null; a domain error's message reaches the form as `error`. */
async function asSessionUser(signIn: () => Promise<AccountSummary | null>) {
  try {
    const user = await signIn();
    return user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
  } catch (error) {
    // next-auth passes a thrown message to the client as `error`.
    if (isDomainError(error)) throw new Error(error.message);
    throw error;
  }
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  // `Secure` cookies whenever the app is served over https (production).
  useSecureCookies: secureCookiesFor(env.APP_URL),
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
  providers: [
    CredentialsProvider({
      id: PASSWORD_PROVIDER,
      name: "E-mail and password",
      credentials: {
        email: { label: "E-mail", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(raw, req) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const address = addressOf(req);
        return asSessionUser(() => signInWithPassword(prisma, { ...parsed.data, address }));
      },
    }),
    CredentialsProvider({
      // The link of the sign-up e-mail: creates the account and signs it in.
      id: SIGN_UP_LINK_PROVIDER,
      name: "Sign-up link",
      credentials: { token: { label: "Token", type: "text" } },
      async authorize(raw, req) {
        const parsed = signUpLinkSchema.safeParse(raw);
        if (!parsed.success) return null;
        return asSessionUser(() => signInWithSignUpLink(prisma, parsed.data.token, addressOf(req)));
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.id = user.id;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      session.user = { ...session.user, id: token.id, role: token.role };
      return session;
    },
  },
};
