CREATE TABLE "verification_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"order_code" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "verification_attempts" ADD CONSTRAINT "verification_attempts_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_attempts" ADD CONSTRAINT "verification_attempts_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "verification_attempts_message_uq" ON "verification_attempts" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "verification_attempts_order_ix" ON "verification_attempts" USING btree ("order_code","at");--> statement-breakpoint
CREATE INDEX "verification_attempts_conversation_ix" ON "verification_attempts" USING btree ("conversation_id","at");