"use client";
/**
 * After a client-side navigation (a link, a search, a redirect from a server action) focus
 * would stay on the old page's control or fall back to the body: screen-reader and keyboard
 * users would not know the page changed. This moves it to the new page's main heading, unless
 * the page already put it somewhere on purpose (a confirmation or an error message that takes
 * focus, marked `tabindex="-1"`). The first load is left alone (the browser starts at the top).
 */
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect } from "react";

function placedOnPurpose(element: Element | null): boolean {
  if (!element || element === document.body || !element.isConnected) return false;
  return element.getAttribute("tabindex") === "-1" && element.closest("main") !== null;
}

/**
 * The location focus was last placed for, kept outside the component: a navigation may mount
 * it afresh (its Suspense boundary re-suspends while the new search params load), and a
 * per-mount "first render" flag would then take every navigation for the first load.
 */
let seenLocation: string | null = null;

export function RouteFocus() {
  const pathname = usePathname();
  const search = useSearchParams().toString();

  useEffect(() => {
    const location = `${pathname}?${search}`;
    const firstLoad = seenLocation === null;
    const unchanged = seenLocation === location;
    seenLocation = location;
    if (firstLoad || unchanged) return;
    // After the page's own effects (its components may focus a message first), and once the
    // new page's heading is there: it may arrive after the URL has changed.
    let observer: MutationObserver | null = null;
    const moveFocus = (): boolean => {
      if (placedOnPurpose(document.activeElement)) return true;
      const heading = document.querySelector<HTMLElement>("main h1");
      if (!heading) return false;
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: false });
      return true;
    };
    const frame = requestAnimationFrame(() => {
      if (moveFocus()) return;
      const main = document.querySelector("main");
      if (!main) return;
      observer = new MutationObserver(() => {
        if (moveFocus()) observer?.disconnect();
      });
      observer.observe(main, { childList: true, subtree: true });
    });
    const giveUp = setTimeout(() => observer?.disconnect(), 5_000);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(giveUp);
      observer?.disconnect();
    };
  }, [pathname, search]);

  return null;
}
