CREATE TABLE "staff_credentials" (
	"staff_id" text PRIMARY KEY NOT NULL,
	"password_hash" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"staff_id" text NOT NULL,
	"method" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"ip" text,
	"user_agent" text,
	CONSTRAINT "staff_sessions_method_ck" CHECK (method in ('password', 'console_token')),
	CONSTRAINT "staff_sessions_expiry_ck" CHECK ("staff_sessions"."expires_at" > "staff_sessions"."created_at")
);
--> statement-breakpoint
CREATE INDEX "staff_sessions_staff_ix" ON "staff_sessions" USING btree ("staff_id","expires_at");