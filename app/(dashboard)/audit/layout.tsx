import type { ReactNode } from "react";
import { requireRole } from "@/lib/auth/guards";

/**
 * Checked here as well as in the page: this layout renders before the segment's loading.tsx boundary, so a refusal
 * is a real HTTP 404 rather than a 200 whose streamed body later turns into "not found".
 */
export default async function AdminOnlyLayout({ children }: { children: ReactNode }) {
  await requireRole(["admin"], "/audit");
  return children;
}
