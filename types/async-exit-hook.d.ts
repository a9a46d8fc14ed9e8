/** The part of async-exit-hook's API scripts/lib/db/embedded.ts uses (the package ships no types). */
declare module "async-exit-hook" {
  interface ExitHook {
    (hook: (done: () => void) => void): void;
    /** Removes the hook's listener for `event` (`beforeExit`, `SIGINT`, …). */
    unhookEvent(event: string): void;
    /** The events it currently listens to. */
    hookedEvents(): string[];
  }
  const exitHook: ExitHook;
  export default exitHook;
}
