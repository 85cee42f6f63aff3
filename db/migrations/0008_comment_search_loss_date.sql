-- A lost-comment search in a period (the browser's default: lost deals, last 90 days) intersects the vector's GIN
-- bitmap with this one, so only matches inside the period are read from comment_search (rows are laid out newest
-- first, so one period's rows share pages).
CREATE INDEX IF NOT EXISTS "comment_search_loss_idx" ON "comment_search" ("portal_id", "loss_date");
