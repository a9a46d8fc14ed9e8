"use server";
import { headers } from "next/headers";
import { z } from "zod";
import { action } from "@/lib/actions";
import { signUpSchema } from "@/lib/auth/schemas";
import { requestSignUp, SIGN_UP_SENT_MESSAGE } from "@/lib/auth/sign-up";
import { clientAddressFrom } from "@/lib/client-address";
import { prisma } from "@/lib/db";

const signUpFormSchema = signUpSchema.extend({ callbackUrl: z.string().max(2000).optional() });

/**
 * Starts a sign-up: the same answer whether the address is new or registered; the e-mail
 * sent to it says what comes next (a link that finishes the sign-up, or a note that the
 * account exists).
 */
export const signUp = action(
  signUpFormSchema,
  async ({ input }) => {
    const h = await headers();
    const { callbackUrl, ...account } = input;
    await requestSignUp(prisma, { ...account, callbackPath: callbackUrl }, { address: clientAddressFrom((name) => h.get(name)) });
    return { email: account.email };
  },
  {
    access: "public",
    onSuccess: (sent) => ({ message: SIGN_UP_SENT_MESSAGE, data: sent }),
  },
);
