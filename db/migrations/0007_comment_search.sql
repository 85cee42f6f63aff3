-- The comment browser's search table (lib/comments/search.ts): one narrow row per comment with its search vector
-- and the deal columns the browser filters on most (manager for a manager's scope, outcome and loss date for the
-- period), so a search reads and ranks ~100-byte rows instead of the wide comments rows, and a manager's search
-- reads only their own matches from the index. Refreshed where tagging runs (lib/themes/tagging.ts:
-- refreshCommentSearch): after every sync for the synced deals, and for every comment after a theme edit.
-- deal_facts stays the authority: every search still joins it with the full filter, so a stale row can only be
-- missed, never shown outside the viewer's scope.
CREATE TABLE "comment_search" (
  "portal_id" integer NOT NULL,
  "source" text NOT NULL,
  "bitrix_id" integer NOT NULL,
  "deal_id" integer NOT NULL,
  "author_id" integer,
  "manager_id" integer,
  "outcome" text,
  "loss_date" timestamp with time zone,
  "created_at" timestamp with time zone,
  "search" tsvector NOT NULL,
  CONSTRAINT "comment_search_pkey" PRIMARY KEY ("portal_id", "source", "bitrix_id"),
  CONSTRAINT "comment_search_comment_fk" FOREIGN KEY ("portal_id", "source", "bitrix_id")
    REFERENCES "comments" ("portal_id", "source", "bitrix_id") ON DELETE CASCADE
);--> statement-breakpoint
-- Newest first (the default order, and relevance's candidate set) walks this index.
CREATE INDEX "comment_search_created_idx" ON "comment_search"
  ("portal_id", "created_at" DESC NULLS LAST, "deal_id" DESC, "source" DESC, "bitrix_id" DESC);--> statement-breakpoint
-- Full-text index. With btree_gin (Debian's postgresql-15 contrib, and PGlite's contrib/btree_gin loaded by
-- db/index.ts) it also keys the manager, so a manager's search intersects "their rows" with "the words" inside
-- one index scan; where the extension cannot be created the index is on the vector alone and the query is the same.
DO $$
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS btree_gin;
  EXCEPTION WHEN others THEN
    RAISE NOTICE 'btree_gin unavailable (%): comment_search_idx indexes the vector only', SQLERRM;
  END;
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gin') THEN
    CREATE INDEX "comment_search_idx" ON "comment_search" USING gin ("manager_id", "search");
  ELSE
    CREATE INDEX "comment_search_idx" ON "comment_search" USING gin ("search");
  END IF;
END
$$;--> statement-breakpoint
INSERT INTO "comment_search" ("portal_id", "source", "bitrix_id", "deal_id", "author_id", "manager_id", "outcome",
  "loss_date", "created_at", "search")
SELECT c."portal_id", c."source", c."bitrix_id", c."deal_id", c."author_id", f."manager_id", f."outcome", f."loss_date",
  c."created_at", c."search"
FROM "comments" c
LEFT JOIN "deal_facts" f ON f."portal_id" = c."portal_id" AND f."deal_id" = c."deal_id"
-- Written newest first, so walking comment_search_created_idx reads consecutive pages.
ORDER BY c."portal_id", c."created_at" DESC NULLS LAST, c."deal_id" DESC, c."source" DESC, c."bitrix_id" DESC;
