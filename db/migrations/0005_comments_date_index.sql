-- The comment browser's default order (newest first, keyset on the full key) walks this index instead of
-- sorting every comment in view; relevance ranks the newest matches found the same way.
CREATE INDEX "comments_portal_created_idx" ON "comments" ("portal_id", "created_at" DESC NULLS LAST, "deal_id" DESC, "source" DESC, "bitrix_id" DESC);
