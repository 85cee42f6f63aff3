"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db";
import { auditLog } from "@/db/schema";
import { defineAction } from "@/lib/auth/action";
import { authorizeUrl, DEFAULT_OAUTH_SERVER } from "@/lib/bitrix24/oauth";
import { retryDeadJob } from "@/lib/jobs/status";
import { savePendingOAuth } from "@/lib/oauth-pending";
import { dbId } from "@/lib/params";
import { ConnectError, connectWebhookPortal, setEventToken } from "@/lib/portals";
import { savePortalSettings } from "@/lib/settings";
import { queueFactsRebuild, startSyncJob } from "@/lib/sync/jobs";

export const connectPortalAction = defineAction(
  { input: z.object({ webhookUrl: z.string().trim().min(1).max(500) }), roles: ["admin"] },
  async ({ webhookUrl }, viewer) => {
    const { db } = await getDb();
    try {
      const portal = await connectWebhookPortal(db, webhookUrl);
      await db
        .insert(auditLog)
        .values({ actorUserId: viewer.id, action: "portal.connect", target: portal.domain });
      revalidatePath("/settings");
      return { portalId: portal.id, domain: portal.domain };
    } catch (err) {
      // The portal's own answer stays in the log; the admin sees what to fix, in words.
      if (err instanceof ConnectError) return { error: err.code, detail: err.detail ?? null };
      throw err;
    }
  },
);

const settingsInput = z.object({
  portalId: dbId,
  lossReasonSource: z.enum(["stage", "field", "field_then_stage"]),
  lossReasonField: z.string().max(80).nullable().optional(),
  lossCommentField: z.string().max(80).nullable().optional(),
  marginPercent: z.coerce.number().min(0).max(100).nullable().optional(),
  syncIntervalMinutes: z.coerce.number().int().min(0).max(1440),
  commentsForAllDeals: z.coerce.boolean().optional(),
  eventToken: z.string().trim().max(200).optional(),
});

export const savePortalSettingsAction = defineAction(
  { input: settingsInput, roles: ["admin"] },
  async (input, viewer) => {
    const { db } = await getDb();
    const { portalId, eventToken, ...patch } = input;
    const saved = await savePortalSettings(db, portalId, {
      ...patch,
      lossReasonField: patch.lossReasonField || null,
      lossCommentField: patch.lossCommentField || null,
      marginPercent: patch.marginPercent ?? null,
    });
    if (!saved) return { error: "NOT_FOUND" as const };
    if (eventToken) await setEventToken(db, portalId, eventToken);
    // Reasons and money depend on these settings: recompute every deal's facts.
    await queueFactsRebuild(await getDb(), portalId);
    await db.insert(auditLog).values({
      actorUserId: viewer.id,
      action: "settings.change",
      target: `portal:${portalId}`,
      details: { ...patch, eventToken: eventToken ? "(changed)" : undefined },
    });
    revalidatePath("/settings");
    return { saved: true as const };
  },
);

export const startSyncAction = defineAction(
  {
    input: z.object({
      portalId: dbId,
      full: z.coerce.boolean().default(false),
    }),
    roles: ["admin"],
  },
  async ({ portalId, full }, viewer) => {
    const handle = await getDb();
    const { started } = await startSyncJob(handle, portalId, {
      mode: full ? "full" : "incremental",
      trigger: "manual",
    });
    await handle.db.insert(auditLog).values({
      actorUserId: viewer.id,
      action: "sync.start",
      target: `portal:${portalId}`,
      details: { full, started },
    });
    return { started };
  },
);

export const startOAuthConnectAction = defineAction(
  {
    input: z.object({
      domain: z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, "domain"),
      clientId: z.string().trim().min(3).max(200),
      clientSecret: z.string().trim().min(3).max(200),
    }),
    roles: ["admin"],
  },
  async ({ domain, clientId, clientSecret }, viewer) => {
    const { db } = await getDb();
    const state = await savePendingOAuth(
      db,
      domain,
      { clientId, clientSecret, oauthServer: process.env.BITRIX24_OAUTH_SERVER ?? DEFAULT_OAUTH_SERVER },
      viewer.id,
    );
    return { redirectTo: authorizeUrl(domain, clientId, state) };
  },
);

/** Sends a dead letter (a job that used up its tries) back to its queue, with fresh tries. Audited. */
export const retryDeadJobAction = defineAction(
  { input: z.object({ portalId: dbId, jobId: z.string().uuid() }), roles: ["admin"] },
  async ({ portalId, jobId }, viewer) => {
    const handle = await getDb();
    if (!(await retryDeadJob(handle, portalId, jobId))) return { error: "NOT_FOUND" as const };
    await handle.db.insert(auditLog).values({
      actorUserId: viewer.id,
      action: "job.retry",
      target: `portal:${portalId}`,
      details: { job: jobId },
    });
    return { sent: true as const };
  },
);
