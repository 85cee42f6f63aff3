"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { carryFiltersHref } from "@/lib/url-state/filter-form";

/**
 * A sidebar link that marks the section being viewed. A link to another report (`carry`) keeps the view's
 * filters, as the in-page tabs do: moving between reports never silently resets the period or the pipeline.
 */
export function NavLink({ href, label, carry = false }: { href: string; label: string; carry?: boolean }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const active = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={carry ? carryFiltersHref(href, params) : href}
      aria-current={active ? "page" : undefined}
      className={`block shrink-0 whitespace-nowrap rounded-md px-3 py-2 text-sm ${
        active ? "bg-blue-50 font-medium text-blue-800" : "text-gray-700 hover:bg-gray-100"
      }`}
    >
      {label}
    </Link>
  );
}
