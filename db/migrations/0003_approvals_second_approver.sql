ALTER TABLE "approvals" ADD COLUMN "first_approved_by" text;--> statement-breakpoint
ALTER TABLE "approvals" ADD COLUMN "first_approved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "approvals" ADD COLUMN "edit" jsonb;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_first_approver_ck" CHECK ("approvals"."first_approved_by" is null or ("approvals"."first_approved_by" <> "approvals"."requested_by" and "approvals"."first_approved_at" is not null));--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_second_approver_ck" CHECK ("approvals"."status" in ('pending', 'rejected', 'expired') or "approvals"."first_approved_by" is null or "approvals"."decided_by" <> "approvals"."first_approved_by");