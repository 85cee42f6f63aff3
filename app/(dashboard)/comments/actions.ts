"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/action";
import { AppError } from "@/lib/auth/errors";
import { loadSeat } from "@/lib/reports/load";
import { CORRECTION_ROLES, correctTheme, themeCorrectionInput } from "@/lib/themes/corrections";

/** A director or admin adds or removes a theme on one comment (scope re-checked in lib/themes/corrections). */
export const correctThemeAction = defineAction(
  { input: themeCorrectionInput, roles: CORRECTION_ROLES },
  async (input, viewer) => {
    const seat = await loadSeat(viewer);
    if (!seat) throw new AppError("NOT_FOUND");
    const result = await correctTheme(
      seat.db,
      { userId: viewer.id, role: viewer.role, scope: seat.scope },
      input,
    );
    revalidatePath("/comments");
    revalidatePath("/themes");
    return result;
  },
);
