-- Full-text search over comment text (lib/comments/search.ts). The 'russian' configuration stems Cyrillic words
-- with the Russian snowball stemmer and Latin words with the English one, so one vector serves both languages
-- ("цены" → 'цен', "budgets" → 'budget') and a query's negation means the same thing for every word.
-- '<' is blanked first: the parser reads "<script>…</script>" in plain text as an HTML tag and skips its words.
ALTER TABLE "comments" ADD COLUMN "search" tsvector
  GENERATED ALWAYS AS (setweight(to_tsvector('russian'::regconfig, translate("body_text", '<', ' ')), 'A')) STORED;--> statement-breakpoint
CREATE INDEX "comments_search_idx" ON "comments" USING gin ("search");--> statement-breakpoint
-- Trigram fallback for typos and partial words: substring match on the text, similarity on the word list.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "comments_text_trgm_idx" ON "comments" USING gin ("body_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "comment_words_trgm_idx" ON "comment_words" USING gin ("word" gin_trgm_ops);
