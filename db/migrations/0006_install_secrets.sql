CREATE TABLE "install_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
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
