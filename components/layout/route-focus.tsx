"use client";
/**
 * After a client-side navigation (a link, a search, a redirect from a server action) focus
 * would stay on the old page's control or fall back to the body: screen-reader and keyboard
 * users would not know the page changed. This moves it to the new page's main heading, unless
 * the page already put it somewhere on purpose (a confirmation or an error message that takes
 * focus, marked `tabindex="-1"`). The first load is left alone (the browser starts at the top).
 */
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";

function placedOnPurpose(element: Element | null): boolean {
  if (!element || element === document.body || !element.isConnected) return false;
  return element.getAttribute("tabindex") === "-1" && element.closest("main") !== null;
}

export function RouteFocus() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // After the page's own effects (its components may focus a message first).
    const frame = requestAnimationFrame(() => {
      if (placedOnPurpose(document.activeElement)) return;
      const heading = document.querySelector<HTMLElement>("main h1");
      if (!heading) return;
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: false });
    });
    return () => cancelAnimationFrame(frame);
  }, [pathname, search]);

  return null;
}
