import Link from "@/components/ui/link";
import { buttonClass } from "@/components/ui/button";

/** Previous / next links that keep the page's filters. */
export function Pagination({
  basePath,
  params,
  page,
  pageCount,
  label,
}: {
  basePath: string;
  params: Record<string, string | undefined>;
  page: number;
  pageCount: number;
  label: string;
}) {
  if (pageCount <= 1) return null;
  const href = (n: number) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
    if (n > 1) query.set("page", String(n));
    const s = query.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  return (
    <nav aria-label={label} className="mt-4 flex items-center gap-3">
      {page > 1 ? (
        <Link href={href(page - 1)} rel="prev" className={buttonClass("secondary")}>
          Previous page
        </Link>
      ) : null}
      <span className="text-sm text-pine-700" aria-current="page">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link href={href(page + 1)} rel="next" className={buttonClass("secondary")}>
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
