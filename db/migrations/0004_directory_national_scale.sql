-- The directory at national scale (~200,000 accounts): indexes for each part of the search
-- order, the "what do I need" match and browsing, so no public query reads the whole table
-- (docs/directory.md "Search design"). Expression indexes over the two functions below, which
-- drizzle cannot express; every index is maintained by PostgreSQL on each insert and update, so
-- nothing here can go stale. PGlite 0.5 has everything used (pg_trgm is not needed here).
--
-- directory_grams: every one-, two- and three-character piece of each space-separated word,
-- so `directory_grams(doc) @> array['肇庆']` means "doc contains 肇庆" for any term of up to
-- three characters (the case a trigram index cannot serve), and longer terms test their
-- trigrams plus a LIKE recheck (lib/directory/search-text.ts).
CREATE FUNCTION directory_grams(doc text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(substr(w, i, n)), '{}')
  FROM unnest(string_to_array(doc, ' ')) AS w, generate_series(1, char_length(w)) AS i, generate_series(1, 3) AS n
  WHERE i + n - 1 <= char_length(w)
$$;--> statement-breakpoint
-- directory_menu_pairs: every two-character piece of each button name in an account's menu
-- (accounts.menu, the WeChat menu JSON: `button[].name` and `button[].sub_button[].name`), which
-- "what do I need" compares with the two-character pieces of the citizen's sentence
-- (lib/directory/search-needs.ts).
CREATE FUNCTION directory_menu_pairs(menu jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(substr(names.name, i, 2)), '{}')
  FROM (
    SELECT b #>> '{}' AS name
    FROM jsonb_path_query(menu, 'strict $.button ? (@.type() == "array")[*] ? (@.type() == "object" && exists(@.name)).name ? (@.type() == "string")', '{}', true) AS b
    UNION ALL
    SELECT s #>> '{}'
    FROM jsonb_path_query(menu, 'strict $.button ? (@.type() == "array")[*] ? (@.type() == "object" && exists(@.sub_button)).sub_button ? (@.type() == "array")[*] ? (@.type() == "object" && exists(@.name)).name ? (@.type() == "string")', '{}', true) AS s
  ) AS names,
  generate_series(1, char_length(names.name) - 1) AS i
$$;--> statement-breakpoint
-- The result order within a rank (official first, then more followers, then slug): a walk along
-- this index answers "the first 21 of 26,000 matches" by reading about 21 rows. Not partial on
-- purpose: a partial index is a candidate for any query that implies its predicate, and a
-- candidate read must not turn into a walk of this index (lib/directory/directory-order.ts).
CREATE INDEX "accounts_directory_order_idx" ON "accounts" USING btree ((CASE WHEN verified AND NOT flagged_impostor THEN 0 ELSE 1 END), (-follower_count), slug);--> statement-breakpoint
-- Rank 0 (exact name or WeChat id) and rank 1 (name or first spelling starts with the query).
CREATE INDEX "accounts_name_lower_idx" ON "accounts" USING btree (lower(name) text_pattern_ops);--> statement-breakpoint
CREATE INDEX "accounts_wechat_id_lower_idx" ON "accounts" USING btree (lower(coalesce(wechat_id, '')) text_pattern_ops);--> statement-breakpoint
CREATE INDEX "accounts_search_extra_prefix_idx" ON "accounts" USING btree (search_extra text_pattern_ops);--> statement-breakpoint
-- Rank 2 (the query inside the name, not at its start) and rank 3 (inside the WeChat id or a
-- later spelling). Splitting them this way keeps each rank's candidates close to its answers:
-- 平安 starts 26,000 names but sits inside only a few hundred.
CREATE INDEX "accounts_name_inner_grams_idx" ON "accounts" USING gin (directory_grams(substr(lower(name), 2)));--> statement-breakpoint
CREATE INDEX "accounts_search_rest_grams_idx" ON "accounts" USING gin (directory_grams(lower(coalesce(wechat_id, '')) || ' ' || lower(substr(search_extra, 2))));--> statement-breakpoint
-- "What do I need?": menu buttons, and auto-reply keywords by their exact text.
CREATE INDEX "accounts_menu_pairs_idx" ON "accounts" USING gin (directory_menu_pairs(menu)) WHERE menu IS NOT NULL;--> statement-breakpoint
CREATE INDEX "auto_reply_rules_keyword_idx" ON "auto_reply_rules" USING btree (pattern) WHERE kind = 'keyword' AND enabled;
