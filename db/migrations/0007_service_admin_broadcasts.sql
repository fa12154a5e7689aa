CREATE TYPE "public"."review_decision" AS ENUM('approved', 'returned');--> statement-breakpoint
CREATE TYPE "public"."calendar_day_kind" AS ENUM('holiday', 'workday');--> statement-breakpoint
CREATE TYPE "public"."follow_up_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."presence_state" AS ENUM('viewing', 'typing');--> statement-breakpoint
ALTER TYPE "public"."broadcast_status" ADD VALUE 'returned' BEFORE 'approved';--> statement-breakpoint
ALTER TYPE "public"."match_type" ADD VALUE 'regex';--> statement-breakpoint
CREATE TABLE "staff_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"email" text NOT NULL,
	"account_id" uuid,
	"role" "member_role",
	"platform_admin" boolean DEFAULT false NOT NULL,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_user_id" uuid,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "staff_invitations_target" CHECK (("staff_invitations"."platform_admin" and "staff_invitations"."account_id" is null and "staff_invitations"."role" is null) or (not "staff_invitations"."platform_admin" and "staff_invitations"."account_id" is not null and "staff_invitations"."role" is not null))
);
--> statement-breakpoint
CREATE TABLE "broadcast_guests" (
	"account_id" uuid NOT NULL,
	"follower_id" bigint NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "broadcast_guests_account_id_follower_id_pk" PRIMARY KEY("account_id","follower_id")
);
--> statement-breakpoint
CREATE TABLE "broadcast_quota_slots" (
	"account_id" uuid NOT NULL,
	"period" text NOT NULL,
	"slot" integer NOT NULL,
	"broadcast_id" bigint NOT NULL,
	"spent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "broadcast_quota_slots_account_id_period_slot_pk" PRIMARY KEY("account_id","period","slot")
);
--> statement-breakpoint
CREATE TABLE "broadcast_receipts" (
	"broadcast_id" bigint NOT NULL,
	"follower_id" bigint NOT NULL,
	"month" text NOT NULL,
	CONSTRAINT "broadcast_receipts_broadcast_id_follower_id_pk" PRIMARY KEY("broadcast_id","follower_id")
);
--> statement-breakpoint
CREATE TABLE "broadcast_reviews" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "broadcast_reviews_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"broadcast_id" bigint NOT NULL,
	"round" integer NOT NULL,
	"level" integer NOT NULL,
	"reviewer_id" uuid,
	"decision" "review_decision" NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wording_rules" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "wording_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" uuid NOT NULL,
	"word" text NOT NULL,
	"suggestion" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_presence" (
	"conversation_id" bigint NOT NULL,
	"user_id" uuid NOT NULL,
	"state" "presence_state" NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_presence_conversation_id_user_id_pk" PRIMARY KEY("conversation_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "follow_up_tasks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "follow_up_tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" uuid NOT NULL,
	"conversation_id" bigint NOT NULL,
	"rating" smallint NOT NULL,
	"status" "follow_up_status" DEFAULT 'open' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"outcome" text,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "macros" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "macros_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"canned_reply_id" bigint,
	"add_tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"set_status" "conversation_status",
	"assign_to" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_calendar_days" (
	"account_id" uuid NOT NULL,
	"day" date NOT NULL,
	"kind" "calendar_day_kind" NOT NULL,
	"label" text,
	CONSTRAINT "service_calendar_days_account_id_day_pk" PRIMARY KEY("account_id","day")
);
--> statement-breakpoint
DROP INDEX "canned_replies_account_idx";--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "office_hours" jsonb;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "first_response_working_hours" integer DEFAULT 4 NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "resolution_working_days" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "case_prefix" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "trial_mode" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "broadcast_follower_monthly_cap" integer;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "review_levels" text[] DEFAULT '{审核}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "allowed_link_domains" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "menu_draft" jsonb;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "menu_published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "menu_link_report" jsonb;--> statement-breakpoint
ALTER TABLE "auto_reply_rules" ADD COLUMN "active_from_minute" integer;--> statement-breakpoint
ALTER TABLE "auto_reply_rules" ADD COLUMN "active_until_minute" integer;--> statement-breakpoint
ALTER TABLE "auto_reply_rules" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "target_kind" text DEFAULT 'all' NOT NULL;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "target_openids" text[];--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "review_level" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "review_round" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "quota_period" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "audience_count" integer;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "report_status" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "draft_media_id" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "publish_id" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "publish_status" text;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "published_urls" text[];--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "canned_replies" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "canned_replies" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "resolution_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "case_number" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "rating_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "rating" smallint;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "rated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tags" ADD COLUMN "self_service" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tags" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_invitations" ADD CONSTRAINT "staff_invitations_accepted_user_id_users_id_fk" FOREIGN KEY ("accepted_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcast_guests" ADD CONSTRAINT "broadcast_guests_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcast_guests" ADD CONSTRAINT "broadcast_guests_follower_id_followers_id_fk" FOREIGN KEY ("follower_id") REFERENCES "public"."followers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcast_guests" ADD CONSTRAINT "broadcast_guests_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcast_quota_slots" ADD CONSTRAINT "broadcast_quota_slots_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcast_quota_slots" ADD CONSTRAINT "broadcast_quota_slots_broadcast_id_broadcasts_id_fk" FOREIGN KEY ("broadcast_id") REFERENCES "public"."broadcasts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcast_receipts" ADD CONSTRAINT "broadcast_receipts_broadcast_id_broadcasts_id_fk" FOREIGN KEY ("broadcast_id") REFERENCES "public"."broadcasts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcast_receipts" ADD CONSTRAINT "broadcast_receipts_follower_id_followers_id_fk" FOREIGN KEY ("follower_id") REFERENCES "public"."followers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcast_reviews" ADD CONSTRAINT "broadcast_reviews_broadcast_id_broadcasts_id_fk" FOREIGN KEY ("broadcast_id") REFERENCES "public"."broadcasts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcast_reviews" ADD CONSTRAINT "broadcast_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wording_rules" ADD CONSTRAINT "wording_rules_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_presence" ADD CONSTRAINT "conversation_presence_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_presence" ADD CONSTRAINT "conversation_presence_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_tasks" ADD CONSTRAINT "follow_up_tasks_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "macros" ADD CONSTRAINT "macros_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "macros" ADD CONSTRAINT "macros_canned_reply_id_canned_replies_id_fk" FOREIGN KEY ("canned_reply_id") REFERENCES "public"."canned_replies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_calendar_days" ADD CONSTRAINT "service_calendar_days_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "staff_invitations_token_key" ON "staff_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "staff_invitations_account_idx" ON "staff_invitations" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "broadcast_quota_slots_broadcast_key" ON "broadcast_quota_slots" USING btree ("broadcast_id");--> statement-breakpoint
CREATE INDEX "broadcast_receipts_follower_month_idx" ON "broadcast_receipts" USING btree ("follower_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "broadcast_reviews_step_key" ON "broadcast_reviews" USING btree ("broadcast_id","round","level");--> statement-breakpoint
CREATE UNIQUE INDEX "wording_rules_account_word_key" ON "wording_rules" USING btree ("account_id",lower("word"));--> statement-breakpoint
CREATE UNIQUE INDEX "follow_up_tasks_conversation_key" ON "follow_up_tasks" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "follow_up_tasks_open_idx" ON "follow_up_tasks" USING btree ("account_id","due_at") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "macros_account_idx" ON "macros" USING btree ("account_id","position");--> statement-breakpoint
CREATE INDEX "broadcasts_publish_idx" ON "broadcasts" USING btree ("account_id","publish_id");--> statement-breakpoint
CREATE INDEX "broadcasts_archive_idx" ON "broadcasts" USING btree ("account_id","archived_at" DESC NULLS LAST) WHERE archived_at is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_case_number_key" ON "conversations" USING btree ("account_id","case_number");--> statement-breakpoint
CREATE INDEX "canned_replies_account_idx" ON "canned_replies" USING btree ("account_id","position");--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_review_levels" CHECK (cardinality("accounts"."review_levels") between 1 and 3);--> statement-breakpoint
ALTER TABLE "auto_reply_rules" ADD CONSTRAINT "auto_reply_rules_active_hours" CHECK (("auto_reply_rules"."active_from_minute" is null) = ("auto_reply_rules"."active_until_minute" is null) and coalesce("auto_reply_rules"."active_from_minute", 0) between 0 and 1439 and coalesce("auto_reply_rules"."active_until_minute", 0) between 0 and 1440);--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_rating_range" CHECK ("conversations"."rating" between 1 and 5);