import { text, timestamp } from 'drizzle-orm/pg-core';
import { newId } from '../ids.js';

/** Primary key with a type prefix (`evt_`, `ord_`...), generated in the app so ids can be
 * known before the insert (job ids, idempotency keys). */
export const idColumn = (prefix: string) =>
  text('id')
    .primaryKey()
    .$defaultFn(() => newId(prefix));

export const createdAt = () =>
  timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true, mode: 'date' })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** SQL list for CHECK constraints built from the same tuple the TypeScript type uses. */
export const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
