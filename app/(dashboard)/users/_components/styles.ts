import type { getTranslations } from "next-intl/server";

/** Shared by the users page's forms. */
export const INPUT = "rounded-md border border-gray-300 px-3 py-1.5 text-sm";
export const ROW = "flex flex-wrap items-center gap-2";

/** The "users" messages, read once by the page and handed to its parts (plain components: no streaming). */
export type UsersText = Awaited<ReturnType<typeof getTranslations<"users">>>;
