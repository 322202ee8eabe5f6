CREATE TABLE "approvals" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"case_id" text,
	"order_id" text,
	"payload" jsonb NOT NULL,
	"amount_minor" integer,
	"currency" text,
	"requested_by" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"expires_at" timestamp with time zone NOT NULL,
	"idempotency_key" text NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approvals_kind_ck" CHECK (kind in ('refund_commit', 'order_edit_commit')),
	CONSTRAINT "approvals_status_ck" CHECK (status in ('pending', 'approved', 'rejected', 'expired', 'executing', 'executed', 'failed')),
	CONSTRAINT "approvals_decided_ck" CHECK ("approvals"."status" in ('pending', 'expired') or ("approvals"."decided_by" is not null and "approvals"."decided_at" is not null)),
	CONSTRAINT "approvals_four_eyes_ck" CHECK ("approvals"."decided_by" is null or "approvals"."decided_by" <> "approvals"."requested_by"),
	CONSTRAINT "approvals_amount_ck" CHECK ("approvals"."amount_minor" is null or "approvals"."amount_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"subject" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"source" text NOT NULL,
	"event_id" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_events_source_event_id_pk" PRIMARY KEY("source","event_id")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" text PRIMARY KEY NOT NULL,
	"number" serial NOT NULL,
	"conversation_id" text,
	"customer_id" text,
	"order_id" text,
	"event_id" text,
	"intent" text NOT NULL,
	"category" text NOT NULL,
	"severity" text NOT NULL,
	"tier" text DEFAULT 'standard' NOT NULL,
	"queue" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"assignee" text,
	"first_response_due_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_category_ck" CHECK (category in ('billing', 'orders', 'delivery', 'account', 'event_info', 'checkin', 'general')),
	CONSTRAINT "cases_severity_ck" CHECK (severity in ('P1', 'P2', 'P3', 'P4')),
	CONSTRAINT "cases_status_ck" CHECK (status in ('open', 'pending_customer', 'pending_staff', 'resolved', 'closed')),
	CONSTRAINT "cases_reopen_ck" CHECK ("cases"."reopen_count" >= 0),
	CONSTRAINT "cases_resolved_ck" CHECK (("cases"."status" in ('resolved', 'closed')) = ("cases"."resolved_at" is not null)),
	CONSTRAINT "cases_billing_order_ck" CHECK ("cases"."category" <> 'billing' or "cases"."order_id" is not null or not ("cases"."fields" ? 'order_code'))
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"chat_id" text NOT NULL,
	"identity_id" text,
	"customer_id" text,
	"status" text DEFAULT 'open' NOT NULL,
	"awaiting" jsonb,
	"locale" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_channel_ck" CHECK (channel in ('telegram', 'whatsapp', 'discord', 'web')),
	CONSTRAINT "conversations_status_ck" CHECK (status in ('open', 'waiting_buyer', 'handed_over', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"direction" text NOT NULL,
	"channel" text NOT NULL,
	"external_message_id" text,
	"text" text NOT NULL,
	"intent" text,
	"confidence" real,
	"entities" jsonb,
	"author" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_direction_ck" CHECK (direction in ('inbound', 'outbound')),
	CONSTRAINT "messages_channel_ck" CHECK (channel in ('telegram', 'whatsapp', 'discord', 'web')),
	CONSTRAINT "messages_confidence_ck" CHECK ("messages"."confidence" is null or ("messages"."confidence" >= 0 and "messages"."confidence" <= 1))
);
--> statement-breakpoint
CREATE TABLE "channel_identities" (
	"id" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"external_user_id" text NOT NULL,
	"display_name" text,
	"customer_id" text,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_identities_channel_ck" CHECK (channel in ('telegram', 'whatsapp', 'discord', 'web')),
	CONSTRAINT "channel_identities_verified_ck" CHECK ("channel_identities"."verified_at" is null or "channel_identities"."customer_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"tier" text DEFAULT 'standard' NOT NULL,
	"country" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_email_lower_ck" CHECK ("customers"."email" = lower("customers"."email")),
	CONSTRAINT "customers_tier_ck" CHECK (tier in ('standard', 'member', 'vip')),
	CONSTRAINT "customers_country_ck" CHECK ("customers"."country" is null or "customers"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"venue" text NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"doors_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"status" text DEFAULT 'on_sale' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_status_ck" CHECK (status in ('draft', 'on_sale', 'sold_out', 'live', 'ended', 'canceled')),
	CONSTRAINT "events_capacity_ck" CHECK ("events"."capacity" >= 0),
	CONSTRAINT "events_times_ck" CHECK ("events"."doors_at" <= "events"."starts_at" and "events"."starts_at" < "events"."ends_at")
);
--> statement-breakpoint
CREATE TABLE "ticket_types" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"name" text NOT NULL,
	"price_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"capacity" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_types_price_ck" CHECK ("ticket_types"."price_minor" >= 0),
	CONSTRAINT "ticket_types_capacity_ck" CHECK ("ticket_types"."capacity" >= 0),
	CONSTRAINT "ticket_types_currency_ck" CHECK ("ticket_types"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"ticket_id" text,
	"gate" text,
	"reporter" text NOT NULL,
	"kind" text NOT NULL,
	"query" text,
	"diagnosis" jsonb,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution" text,
	"resolved_by" text,
	"due_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incidents_status_ck" CHECK (status in ('open', 'acknowledged', 'resolved')),
	CONSTRAINT "incidents_resolution_ck" CHECK (resolution is null or resolution in ('admitted', 'denied', 'reissued')),
	CONSTRAINT "incidents_resolved_ck" CHECK (("incidents"."status" = 'resolved') = ("incidents"."resolution" is not null and "incidents"."resolved_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"event_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"subtotal_minor" integer NOT NULL,
	"fee_minor" integer DEFAULT 0 NOT NULL,
	"total_minor" integer NOT NULL,
	"refunded_minor" integer DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"stripe_payment_intent_id" text,
	"stripe_charge_id" text,
	"billing_country" text,
	"ip_country" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_status_ck" CHECK (status in ('pending', 'paid', 'partially_refunded', 'refunded', 'canceled', 'disputed')),
	CONSTRAINT "orders_code_ck" CHECK ("orders"."code" ~ '^ORD-[0-9A-Z]{5,10}$'),
	CONSTRAINT "orders_amounts_ck" CHECK ("orders"."subtotal_minor" >= 0 and "orders"."fee_minor" >= 0 and "orders"."total_minor" = "orders"."subtotal_minor" + "orders"."fee_minor"),
	CONSTRAINT "orders_refunded_ck" CHECK ("orders"."refunded_minor" >= 0 and "orders"."refunded_minor" <= "orders"."total_minor"),
	CONSTRAINT "orders_currency_ck" CHECK ("orders"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"event_id" text NOT NULL,
	"ticket_type_id" text NOT NULL,
	"code" text NOT NULL,
	"holder_name" text,
	"status" text DEFAULT 'valid' NOT NULL,
	"checked_in_at" timestamp with time zone,
	"replaced_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tickets_status_ck" CHECK (status in ('valid', 'checked_in', 'void', 'transferred')),
	CONSTRAINT "tickets_checked_in_ck" CHECK (("tickets"."status" = 'checked_in') = ("tickets"."checked_in_at" is not null) or "tickets"."status" in ('void', 'transferred'))
);
--> statement-breakpoint
CREATE TABLE "risk_reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"findings" jsonb NOT NULL,
	"score" integer NOT NULL,
	"hold" text DEFAULT 'none' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reviewer" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_reviews_status_ck" CHECK (status in ('open', 'cleared', 'confirmed', 'dismissed')),
	CONSTRAINT "risk_reviews_hold_ck" CHECK ("risk_reviews"."hold" in ('none', 'refunds', 'all')),
	CONSTRAINT "risk_reviews_score_ck" CHECK ("risk_reviews"."score" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "scans" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"ticket_id" text,
	"raw_code" text NOT NULL,
	"gate" text NOT NULL,
	"device" text,
	"staff" text,
	"result" text NOT NULL,
	"nonce" text,
	"scanned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scans_result_ck" CHECK (result in ('ok', 'invalid', 'unpaid', 'canceled', 'already_redeemed', 'wrong_event', 'blocked_by_review', 'ambiguous'))
);
--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_identity_id_channel_identities_id_fk" FOREIGN KEY ("identity_id") REFERENCES "public"."channel_identities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_identities" ADD CONSTRAINT "channel_identities_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_types" ADD CONSTRAINT "ticket_types_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_ticket_type_id_ticket_types_id_fk" FOREIGN KEY ("ticket_type_id") REFERENCES "public"."ticket_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_reviews" ADD CONSTRAINT "risk_reviews_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scans" ADD CONSTRAINT "scans_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scans" ADD CONSTRAINT "scans_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "approvals_idempotency_uq" ON "approvals" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "approvals_status_ix" ON "approvals" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "approvals_order_ix" ON "approvals" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_hash_uq" ON "audit_log" USING btree ("hash");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_prev_hash_uq" ON "audit_log" USING btree ("prev_hash");--> statement-breakpoint
CREATE INDEX "audit_log_subject_ix" ON "audit_log" USING btree ("subject");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_number_uq" ON "cases" USING btree ("number");--> statement-breakpoint
CREATE INDEX "cases_queue_status_ix" ON "cases" USING btree ("queue","status");--> statement-breakpoint
CREATE INDEX "cases_order_ix" ON "cases" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "cases_conversation_ix" ON "cases" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "conversations_chat_ix" ON "conversations" USING btree ("channel","chat_id");--> statement-breakpoint
CREATE INDEX "conversations_customer_ix" ON "conversations" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_channel_external_uq" ON "messages" USING btree ("channel","direction","external_message_id");--> statement-breakpoint
CREATE INDEX "messages_conversation_ix" ON "messages" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "channel_identities_channel_user_uq" ON "channel_identities" USING btree ("channel","external_user_id");--> statement-breakpoint
CREATE INDEX "channel_identities_customer_ix" ON "channel_identities" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_email_uq" ON "customers" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "events_slug_uq" ON "events" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_types_event_name_uq" ON "ticket_types" USING btree ("event_id","name");--> statement-breakpoint
CREATE INDEX "incidents_event_status_ix" ON "incidents" USING btree ("event_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_code_uq" ON "orders" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_payment_intent_uq" ON "orders" USING btree ("stripe_payment_intent_id");--> statement-breakpoint
CREATE INDEX "orders_event_ix" ON "orders" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "orders_customer_ix" ON "orders" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "orders_charge_ix" ON "orders" USING btree ("stripe_charge_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_code_uq" ON "tickets" USING btree ("code");--> statement-breakpoint
CREATE INDEX "tickets_order_ix" ON "tickets" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "tickets_event_status_ix" ON "tickets" USING btree ("event_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "risk_reviews_open_order_uq" ON "risk_reviews" USING btree ("order_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "risk_reviews_status_ix" ON "risk_reviews" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "scans_nonce_uq" ON "scans" USING btree ("nonce");--> statement-breakpoint
CREATE INDEX "scans_event_time_ix" ON "scans" USING btree ("event_id","scanned_at");--> statement-breakpoint
CREATE INDEX "scans_ticket_ix" ON "scans" USING btree ("ticket_id");