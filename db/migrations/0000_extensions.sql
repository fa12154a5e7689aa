-- Trigram search for the directory (accounts.search_text) and the inbox (messages.content).
-- PGlite loads pg_trgm in db/client.ts; PostgreSQL ships it in contrib.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
