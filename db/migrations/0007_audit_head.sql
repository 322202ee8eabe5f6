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
