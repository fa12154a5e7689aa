CREATE TABLE "tag_offers" (
	"follower_id" bigint PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"tags" text[] NOT NULL,
	"offered_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tag_offers" ADD CONSTRAINT "tag_offers_follower_id_followers_id_fk" FOREIGN KEY ("follower_id") REFERENCES "public"."followers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tag_offers" ADD CONSTRAINT "tag_offers_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;