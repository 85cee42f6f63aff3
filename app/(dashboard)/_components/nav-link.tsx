"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** A sidebar link that marks the section being viewed. */
export function NavLink({ href, label }: { href: string; label: string }) {
  const pathname = usePathname();
  const active = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`block shrink-0 whitespace-nowrap rounded-md px-3 py-2 text-sm ${
        active ? "bg-blue-50 font-medium text-blue-800" : "text-gray-700 hover:bg-gray-100"
      }`}
    >
      {label}
    </Link>
  );
}
