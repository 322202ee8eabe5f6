ALTER TABLE "approvals" ADD COLUMN "money_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "approvals" ADD COLUMN "hold_overridden_by" text;--> statement-breakpoint
-- Before the one-open-money-approval index: a database written before it may hold several
-- open money approvals on one order. The oldest stays; later ones still pending expire (no
-- money has moved for a pending approval; the buyer can ask again).
UPDATE "approvals" AS a SET "status" = 'expired'
WHERE a."status" = 'pending'
  AND (a."kind" = 'refund_commit' OR coalesce((a."edit" ->> 'refundMinor')::integer, 0) > 0)
  AND EXISTS (
    SELECT 1 FROM "approvals" AS b
    WHERE b."order_id" = a."order_id" AND b."id" <> a."id"
      AND b."status" IN ('pending', 'approved', 'executing')
      AND (b."kind" = 'refund_commit' OR coalesce((b."edit" ->> 'refundMinor')::integer, 0) > 0)
      AND (b."status" <> 'pending' OR b."created_at" < a."created_at"
           OR (b."created_at" = a."created_at" AND b."id" < a."id"))
  );--> statement-breakpoint
CREATE UNIQUE INDEX "approvals_open_money_uq" ON "approvals" USING btree ("order_id") WHERE status in ('pending', 'approved', 'executing') and (kind = 'refund_commit' or coalesce((edit ->> 'refundMinor')::integer, 0) > 0);