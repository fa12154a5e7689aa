CREATE TYPE "public"."event_notice_kind" AS ENUM('reminder', 'postponed', 'cancelled', 'promoted', 'thanks');--> statement-breakpoint
CREATE TYPE "public"."event_notice_route" AS ENUM('custom', 'template', 'unreachable');--> statement-breakpoint
CREATE TABLE "event_notices" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_notices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" integer NOT NULL,
	"registration_id" bigint NOT NULL,
	"follower_id" bigint,
	"kind" "event_notice_kind" NOT NULL,
	"route" "event_notice_route" NOT NULL,
	"notice_key" text NOT NULL,
	"reason" text,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "reminder_template_id" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "outcome_photos" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "registration_qr_url" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "checkin_qr_url" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "qr_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "event_notices" ADD CONSTRAINT "event_notices_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_notices" ADD CONSTRAINT "event_notices_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_notices" ADD CONSTRAINT "event_notices_follower_id_followers_id_fk" FOREIGN KEY ("follower_id") REFERENCES "public"."followers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "event_notices_key" ON "event_notices" USING btree ("notice_key");--> statement-breakpoint
CREATE INDEX "event_notices_event_idx" ON "event_notices" USING btree ("event_id","route");--> statement-breakpoint
CREATE INDEX "event_notices_unreachable_idx" ON "event_notices" USING btree ("event_id") WHERE route = 'unreachable';--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_event_phone_key" ON "registrations" USING btree ("event_id","phone") WHERE follower_id is null;