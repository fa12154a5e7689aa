ALTER TABLE "followers" ADD COLUMN "has_waiting_replies" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Any message row entering `waiting_for_citizen`, by whatever code path, marks its follower, so
-- the webhook's one-statement lane (lib/inbox/store-inquiry.ts) can never miss a waiting reply.
-- Updating the follower row also orders this write against the webhook's follower upsert: the
-- upsert sees the flag even when this transaction commits while the upsert waits on the row.
CREATE FUNCTION followers_mark_waiting_reply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Unconditional on purpose: taking the row lock even when the flag is already set is what
  -- orders this write against ingest clearing the flag (lib/inbox/reply.ts).
  UPDATE followers SET has_waiting_replies = true WHERE id = NEW.follower_id;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER followers_mark_waiting_reply
  AFTER INSERT OR UPDATE ON messages
  FOR EACH ROW
  WHEN (NEW.delivery_state = 'waiting_for_citizen' AND NEW.follower_id IS NOT NULL)
  EXECUTE FUNCTION followers_mark_waiting_reply();--> statement-breakpoint
UPDATE followers SET has_waiting_replies = true
  WHERE id IN (SELECT follower_id FROM messages WHERE delivery_state = 'waiting_for_citizen');
