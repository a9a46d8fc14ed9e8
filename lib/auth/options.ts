import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { isDomainError } from "@/lib/errors";
import { secureCookiesFor } from "./cookies";
import { credentialsSchema } from "./schemas";
import { verifyCredentials } from "./users";

// next-auth v4 builds its callback URLs from NEXTAUTH_URL; default it to the app's URL so
// the app works on any PORT without extra configuration.
process.env.NEXTAUTH_URL ??= env.APP_URL;

export const SIGN_IN_PATH = "/sign-in";

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  // `Secure` cookies whenever the app is served over https (production).
  useSecureCookies: secureCookiesFor(env.APP_URL),
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
  providers: [
    CredentialsProvider({
      name: "E-mail and password",
      credentials: {
        email: { label: "E-mail", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        try {
          const user = await verifyCredentials(prisma, parsed.data.email, parsed.data.password);
          return user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
        } catch (error) {
          // next-auth passes a thrown message to the client as `error`.
          if (isDomainError(error)) throw new Error(error.message);
          throw error;
        }
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
