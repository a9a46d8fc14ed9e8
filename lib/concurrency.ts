/**
 * Runs `work` on every item with at most `limit` running at once, in order of the items.
 * `work` must not throw (isolate each item's error inside it); if it does, the remaining
 * items still run and the first error is thrown at the end.
 */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let firstError: { error: unknown } | null = null;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        firstError ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (firstError) throw (firstError as { error: unknown }).error;
}
