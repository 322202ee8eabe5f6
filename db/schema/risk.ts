import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, sqlList, tstz, updatedAt } from './columns.js';
import { orders } from './orders.js';

export const RISK_REVIEW_STATUSES = ['open', 'cleared', 'confirmed', 'dismissed'] as const;
export type RiskReviewStatus = (typeof RISK_REVIEW_STATUSES)[number];

export type RiskFinding = { rule: string; reason: string; weight: number };

/** A supervisor's look at a risky order. While one is open and `hold` is set, refunds, edits
 * and check-in on the order wait. At most one open review per order. */
export const riskReviews = pgTable(
  'risk_reviews',
  {
    id: idColumn('rsk'),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    findings: jsonb('findings').$type<RiskFinding[]>().notNull(),
    score: integer('score').notNull(),
    hold: text('hold').notNull().default('none'),
    status: text('status').$type<RiskReviewStatus>().notNull().default('open'),
    reviewer: text('reviewer'),
    decidedAt: tstz('decided_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('risk_reviews_open_order_uq').on(t.orderId).where(sql`status = 'open'`),
    index('risk_reviews_status_ix').on(t.status),
    check('risk_reviews_status_ck', sql.raw(`status in (${sqlList(RISK_REVIEW_STATUSES)})`)),
    check('risk_reviews_hold_ck', sql`${t.hold} in ('none', 'refunds', 'all')`),
    check('risk_reviews_score_ck', sql`${t.score} between 0 and 100`),
  ],
);
