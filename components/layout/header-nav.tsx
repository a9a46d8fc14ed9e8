"use client";
/**
 * The main navigation. On wide screens its links sit in the header; on a phone they are
 * behind a "Menu" button (a disclosure: aria-expanded, aria-controls), so the header stays
 * one line. The menu closes after a navigation and on Escape (focus back on the button).
 */
import { usePathname } from "next/navigation";
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

export function HeaderNav({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  // Open on the page it was opened on: a navigation closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const setOpen = (next: boolean) => setOpenOn(next ? pathname : null);
  const button = useRef<HTMLButtonElement>(null);
  const listId = useId();

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === "Escape" && open) {
      setOpen(false);
      button.current?.focus();
    }
  }

  return (
    <nav aria-label="Main" onKeyDown={onKeyDown} className="flex flex-col items-end md:flex-row md:items-center">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen(!open)}
        className="inline-flex items-center gap-2 rounded-md border border-birch-300 px-3 py-2 text-sm font-medium text-pine-800 md:hidden"
      >
        <span aria-hidden="true" className="flex w-4 flex-col gap-[3px]">
          <span className="h-0.5 bg-current" />
          <span className="h-0.5 bg-current" />
          <span className="h-0.5 bg-current" />
        </span>
        Menu
      </button>
      <div
        id={listId}
        className={`${open ? "flex" : "hidden"} absolute inset-x-0 top-full z-40 flex-col items-stretch gap-1 border-b border-birch-200 bg-white px-4 py-3 shadow-md md:static md:flex md:flex-row md:flex-wrap md:items-center md:border-0 md:p-0 md:shadow-none`}
      >
        {children}
      </div>
    </nav>
  );
}
