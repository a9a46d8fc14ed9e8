"use client";

/**
 * The app's link: `next/link`, prefetching on intent instead of on sight. Next prefetches
 * every link that scrolls into view; here every page is rendered per request, so each link
 * in view would cost the server a render and the phone the work of reading it, while the
 * page is still starting up (on the search page, five renders per view). This one starts
 * the prefetch when a pointer rests on the link, a finger touches it or the keyboard focuses
 * it: the data is on its way before the click lands, and nobody pays for links not taken.
 *
 * Every link of the app goes through here (an ESLint rule forbids importing `next/link`
 * elsewhere). `prefetch={false}` turns the intent prefetch off too.
 */
import NextLink from "next/link";
import { useRouter } from "next/navigation";
import type { ComponentProps, FocusEvent, MouseEvent, TouchEvent } from "react";

export type LinkProps = ComponentProps<typeof NextLink>;

/** An app-internal URL to prefetch, or null (an external or non-string href is left alone). */
export function prefetchTarget(href: LinkProps["href"]): string | null {
  const url = typeof href === "string" ? href : href.pathname ? `${href.pathname}${typeof href.search === "string" ? href.search : ""}` : null;
  return url !== null && url.startsWith("/") && !url.startsWith("//") ? url : null;
}

export default function Link({ href, prefetch, onMouseEnter, onTouchStart, onFocus, ...props }: LinkProps) {
  const router = useRouter();
  const target = prefetch === false ? null : prefetchTarget(href);
  const onIntent = () => {
    if (target) router.prefetch(target);
  };
  return (
    <NextLink
      {...props}
      href={href}
      prefetch={false}
      onMouseEnter={(event: MouseEvent<HTMLAnchorElement>) => {
        onIntent();
        onMouseEnter?.(event);
      }}
      onTouchStart={(event: TouchEvent<HTMLAnchorElement>) => {
        onIntent();
        onTouchStart?.(event);
      }}
      onFocus={(event: FocusEvent<HTMLAnchorElement>) => {
        onIntent();
        onFocus?.(event);
      }}
    />
  );
}
