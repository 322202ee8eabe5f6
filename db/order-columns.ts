/** The `orders` and `tickets` columns both bulk writers of bought orders fill (the demo seed
 * and the CSV import), in the order their rows list the values. Timestamps are left to each
 * writer: the demo sends epoch milliseconds, the import Dates. */
import type { BulkType } from './bulk-insert.js';

type ValueColumn = readonly [name: string, type: Extract<BulkType, 'text' | 'int4'>];

export const ORDER_VALUE_COLUMNS: readonly ValueColumn[] = [
  ['id', 'text'],
  ['code', 'text'],
  ['event_id', 'text'],
  ['customer_id', 'text'],
  ['status', 'text'],
  ['subtotal_minor', 'int4'],
  ['fee_minor', 'int4'],
  ['total_minor', 'int4'],
  ['refunded_minor', 'int4'],
  ['currency', 'text'],
  ['stripe_payment_intent_id', 'text'],
  ['stripe_charge_id', 'text'],
  ['billing_country', 'text'],
  ['ip_country', 'text'],
];

export const TICKET_VALUE_COLUMNS: readonly ValueColumn[] = [
  ['id', 'text'],
  ['order_id', 'text'],
  ['event_id', 'text'],
  ['ticket_type_id', 'text'],
  ['code', 'text'],
  ['holder_name', 'text'],
  ['status', 'text'],
];
