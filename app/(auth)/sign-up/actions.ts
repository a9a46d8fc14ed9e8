"use server";
import { action } from "@/lib/actions";
import { registerUser } from "@/lib/auth/users";
import { signUpSchema } from "@/lib/auth/schemas";
import { prisma } from "@/lib/db";

/** Creates the account; the form then signs in with the same credentials. */
export const signUp = action(signUpSchema, ({ input }) => registerUser(prisma, input), {
  access: "public",
  onSuccess: () => "Your account is ready.",
});
