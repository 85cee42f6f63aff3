"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { VIEW_FILTER_KEYS } from "@/lib/url-state/keys";

/**
 * A sidebar link that marks the section being viewed. A link to another report (`carry`) keeps the view's
 * filters, as the in-page tabs do: moving between reports never silently resets the period or the pipeline.
 */
export function NavLink({ href, label, carry = false }: { href: string; label: string; carry?: boolean }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const active = pathname === href || pathname.startsWith(`${href}/`);
  const kept = new URLSearchParams();
  if (carry) for (const k of VIEW_FILTER_KEYS) for (const v of params.getAll(k)) kept.append(k, v);
  const query = kept.toString();
  return (
    <Link
      href={query ? `${href}?${query}` : href}
      aria-current={active ? "page" : undefined}
      className={`block shrink-0 whitespace-nowrap rounded-md px-3 py-2 text-sm ${
        active ? "bg-blue-50 font-medium text-blue-800" : "text-gray-700 hover:bg-gray-100"
      }`}
    >
      {label}
    </Link>
  );
}
