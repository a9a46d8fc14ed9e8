import Link from "@/components/ui/link";
import { getCurrentUser } from "@/lib/auth";
import { ROLE_LABELS, ROLE_LINKS } from "@/lib/auth/roles";
import { buttonClass } from "@/components/ui/button";
import { HeaderNav } from "./header-nav";
import { SignOutButton } from "./sign-out-button";

const navLink = "rounded-md px-3 py-2 text-sm font-medium text-pine-800 no-underline hover:bg-birch-100";

export async function SiteHeader() {
  const user = await getCurrentUser();
  return (
    <header className="relative border-b border-birch-200 bg-white/80">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-3">
        <Link href="/" className="flex items-center gap-2 text-xl font-semibold tracking-tight text-pine-900 no-underline">
          <span aria-hidden="true" className="inline-block h-3 w-3 rounded-full bg-ember-500" />
          Löyly
        </Link>
        <HeaderNav>
          <Link href="/search" className={navLink}>
            Find a sauna
          </Link>
          {user ? (
            <>
              {ROLE_LINKS[user.role].map((link) => (
                <Link key={link.href} href={link.href} className={navLink}>
                  {link.label}
                </Link>
              ))}
              <span className="px-2 text-sm text-pine-600">
                <span className="sr-only">Signed in as </span>
                {user.name} <span className="text-pine-500">({ROLE_LABELS[user.role]})</span>
              </span>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/sign-in" className={navLink}>
                Sign in
              </Link>
              <Link href="/sign-up" className={buttonClass("primary", "ml-1")}>
                Sign up
              </Link>
            </>
          )}
        </HeaderNav>
      </div>
    </header>
  );
}
