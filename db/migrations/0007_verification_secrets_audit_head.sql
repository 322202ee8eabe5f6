CREATE TABLE "audit_head" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"last_seq" bigint NOT NULL,
	"last_hash" text NOT NULL,
	"row_count" bigint NOT NULL,
	"mac" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_head_single_row_ck" CHECK ("audit_head"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "install_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
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
CREATE INDEX "verification_attempts_conversation_ix" ON "verification_attempts" USING btree ("conversation_id","at");--> statement-breakpoint
-- Hand-written. Contact digests stored before this migration are plain SHA-256 of the
-- address, which hashing a list of likely addresses reverses. They are only ever compared
-- within a pending verification (minutes), so they are dropped rather than kept: new ones are
-- keyed with the install secret. Masked values stay; a buyer halfway through verifying is
-- asked for their email again.
UPDATE "messages" SET "entities" = (
  SELECT jsonb_agg(e - 'digest' ORDER BY n) FROM jsonb_array_elements("entities") WITH ORDINALITY AS x(e, n)
) WHERE "entities" @? '$[*].digest';
--> statement-breakpoint
UPDATE "conversations" SET "awaiting" = "awaiting" #- '{context,emailDigest}'
WHERE "awaiting" -> 'context' ? 'emailDigest';
--> statement-breakpoint
-- Hand-written. The head starts where the log ends today; it is unsigned (the migration has
-- no key) until the next append signs it.
INSERT INTO "audit_head" ("id", "last_seq", "last_hash", "row_count", "mac")
SELECT 1,
  coalesce(max("seq"), 0),
  coalesce((SELECT "hash" FROM "audit_log" ORDER BY "seq" DESC LIMIT 1), 'genesis'),
  count(*),
  NULL
FROM "audit_log";
--> statement-breakpoint
-- The head moves with every append but is never removed; as with the log itself, someone with
-- owner rights can disable this, and `ticketops audit verify` is what notices.
CREATE OR REPLACE FUNCTION audit_head_refuse_removal() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_head is never removed (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_head_keep
  BEFORE DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_refuse_removal();
--> statement-breakpoint
CREATE TRIGGER audit_head_no_truncate
  BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_head_refuse_removal();
--> statement-breakpoint
-- Row triggers do not fire on TRUNCATE: refuse it on the log too.
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
