DROP INDEX "conversations_chat_ix";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "source_message_id" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "attachments" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "buttons" jsonb;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "handled_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "cases_source_message_uq" ON "cases" USING btree ("source_message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_live_chat_uq" ON "conversations" USING btree ("channel","chat_id") WHERE status <> 'closed';--> statement-breakpoint
CREATE INDEX "messages_unhandled_ix" ON "messages" USING btree ("created_at") WHERE handled_at is null;