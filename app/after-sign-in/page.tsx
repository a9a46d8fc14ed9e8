import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { homePathFor } from "@/lib/auth/roles";

/** Sends a freshly signed-in user to their role's pages. */
export default async function AfterSignInPage() {
  const user = await requireUser();
  redirect(homePathFor(user.role));
}
