CREATE TABLE "ticket_upgrades" (
	"id" text PRIMARY KEY NOT NULL,
	"approval_id" text NOT NULL,
	"order_id" text NOT NULL,
	"ticket_id" text NOT NULL,
	"from_ticket_type_id" text NOT NULL,
	"to_ticket_type_id" text NOT NULL,
	"amount_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"stripe_price_id" text NOT NULL,
	"stripe_payment_link_id" text NOT NULL,
	"url" text NOT NULL,
	"status" text DEFAULT 'awaiting_payment' NOT NULL,
	"stripe_checkout_session_id" text,
	"stripe_payment_intent_id" text,
	"paid_at" timestamp with time zone,
	"refusal_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_upgrades_status_ck" CHECK (status in ('awaiting_payment', 'paid', 'swapped', 'refused')),
	CONSTRAINT "ticket_upgrades_amount_ck" CHECK ("ticket_upgrades"."amount_minor" > 0),
	CONSTRAINT "ticket_upgrades_currency_ck" CHECK ("ticket_upgrades"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "ticket_upgrades_paid_ck" CHECK ("ticket_upgrades"."status" = 'awaiting_payment' or ("ticket_upgrades"."stripe_checkout_session_id" is not null and "ticket_upgrades"."paid_at" is not null)),
	CONSTRAINT "ticket_upgrades_refused_ck" CHECK (("ticket_upgrades"."status" = 'refused') = ("ticket_upgrades"."refusal_reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "ticket_upgrades" ADD CONSTRAINT "ticket_upgrades_approval_id_approvals_id_fk" FOREIGN KEY ("approval_id") REFERENCES "public"."approvals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_upgrades" ADD CONSTRAINT "ticket_upgrades_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_upgrades" ADD CONSTRAINT "ticket_upgrades_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_upgrades" ADD CONSTRAINT "ticket_upgrades_from_ticket_type_id_ticket_types_id_fk" FOREIGN KEY ("from_ticket_type_id") REFERENCES "public"."ticket_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_upgrades" ADD CONSTRAINT "ticket_upgrades_to_ticket_type_id_ticket_types_id_fk" FOREIGN KEY ("to_ticket_type_id") REFERENCES "public"."ticket_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_upgrades_approval_uq" ON "ticket_upgrades" USING btree ("approval_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_upgrades_payment_link_uq" ON "ticket_upgrades" USING btree ("stripe_payment_link_id");--> statement-breakpoint
CREATE INDEX "ticket_upgrades_ticket_ix" ON "ticket_upgrades" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_upgrades_status_ix" ON "ticket_upgrades" USING btree ("status");