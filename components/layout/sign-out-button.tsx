"use client";
import { useState } from "react";
import { buttonClass } from "@/components/ui/button";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className={buttonClass("ghost", "px-3")}
      disabled={pending}
      onClick={async () => {
        setPending(true);
        // Loaded on click: keeps next-auth's client out of every page's first load.
        const { signOut } = await import("next-auth/react");
        await signOut({ callbackUrl: "/" });
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
