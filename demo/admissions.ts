/** Tickets of one demo order, and what happened to them at the door of the past event:
 * arrivals spread around the show's start, no-shows, a shared screenshot scanned twice, a
 * mistyped code, a refunded ticket someone still tried. */
import { CODE_ALPHABET } from '../db/ids.js';
import type { OrderStatus, TicketStatus } from '../db/schema/orders.js';
import type { ScanResult } from '../db/schema/scans.js';
import type { RowBatch } from './batches.js';
import { DOOR_STAFF, GATES, SCANNERS } from './catalog.js';
import { demoId, demoTicketCode } from './codes.js';
import { randomName } from './customers.js';
import type { DemoEvent } from './events.js';
import type { Rng } from './rng.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Shares that make the check-in funnel look like a real night. */
const SHOW_RATE = 0.88;
const TRANSFER_RATE = 0.006;
const NAMED_HOLDER_RATE = 0.85;
/** Every n-th admitted ticket is scanned again (a forwarded screenshot), and so on. */
const RESCAN_EVERY = 29;
const MISTYPE_EVERY = 131;
const VOID_TRIED_EVERY = 5;

export type AdmissionOrder = {
  id: string;
  status: OrderStatus;
  createdAt: number;
  updatedAt: number;
  ticketTypeId: string;
  tickets: number;
  /** How many of the tickets were refunded (void) on a partial refund. */
  refundedTickets: number;
  buyerName: string;
};

/** Running counts across orders, so the door's rare cases appear at a steady rate however
 * the orders are chunked (and the first admitted ticket of the night is always rescanned). */
export class DoorCounters {
  admitted = 0;
  voided = 0;
}

export type AdmissionOutput = { tickets: RowBatch; scans: RowBatch };

export function writeAdmissions(
  rng: Rng,
  event: DemoEvent,
  order: AdmissionOrder,
  now: number,
  door: DoorCounters,
  out: AdmissionOutput,
): void {
  const past = event.status === 'ended';
  const voidFrom =
    order.status === 'refunded' || order.status === 'canceled'
      ? 0
      : order.tickets - order.refundedTickets;
  for (let j = 0; j < order.tickets; j++) {
    const id = demoId('tkt', order.createdAt, rng);
    const code = demoTicketCode(rng);
    const holder =
      j === 0 ? order.buyerName : rng.chance(NAMED_HOLDER_RATE) ? randomName(rng) : null;
    let status: TicketStatus = 'valid';
    let checkedInAt: number | null = null;
    let replacedBy: string | null = null;
    if (j >= voidFrom) {
      status = 'void';
    } else if (past && order.status !== 'pending' && rng.chance(SHOW_RATE)) {
      status = 'checked_in';
      checkedInAt = event.doorsAt + arrivalAfterDoors(rng);
    } else if (!past && order.status === 'paid' && rng.chance(TRANSFER_RATE)) {
      // A transfer voids the old code and issues a new ticket to the friend.
      status = 'transferred';
      replacedBy = transfer(rng, event, order, now, out.tickets);
    }
    const updatedAt = checkedInAt ?? (status === 'valid' ? order.createdAt : order.updatedAt);
    out.tickets.push([
      id,
      order.id,
      event.id,
      order.ticketTypeId,
      code,
      holder,
      status,
      checkedInAt,
      replacedBy,
      order.createdAt,
      updatedAt,
    ]);
    if (!past) continue;
    if (checkedInAt !== null) doorScans(rng, event, id, code, checkedInAt, door, out.scans);
    else if (status === 'void' && door.voided++ % VOID_TRIED_EVERY === 0) {
      const at = event.doorsAt + arrivalAfterDoors(rng);
      scan(rng, out.scans, event, id, code, 'canceled', at);
    }
  }
}

function transfer(
  rng: Rng,
  event: DemoEvent,
  order: AdmissionOrder,
  now: number,
  tickets: RowBatch,
): string {
  const at = Math.min(now, order.createdAt + rng.int(1, 20) * DAY);
  const id = demoId('tkt', at, rng);
  const row = [id, order.id, event.id, order.ticketTypeId, demoTicketCode(rng)];
  tickets.push([...row, randomName(rng), 'valid', null, null, at, at]);
  return id;
}

function doorScans(
  rng: Rng,
  event: DemoEvent,
  ticketId: string,
  code: string,
  admittedAt: number,
  door: DoorCounters,
  scans: RowBatch,
): void {
  const n = door.admitted++;
  scan(rng, scans, event, ticketId, code, 'ok', admittedAt);
  if (n % RESCAN_EVERY === 0) {
    const later = admittedAt + rng.int(1, 45) * MINUTE;
    scan(rng, scans, event, ticketId, code, 'already_redeemed', later);
  }
  if (n % MISTYPE_EVERY === 7) {
    // Typed by hand at the box office with one symbol wrong: matches no ticket.
    const at = admittedAt - rng.int(1, 3) * MINUTE;
    scan(rng, scans, event, null, mistype(rng, code), 'invalid', at);
  }
}

function scan(
  rng: Rng,
  scans: RowBatch,
  event: DemoEvent,
  ticketId: string | null,
  rawCode: string,
  result: ScanResult,
  at: number,
): void {
  const gate = rng.int(0, GATES.length - 1);
  scans.push([
    demoId('scn', at, rng),
    event.id,
    ticketId,
    rawCode,
    GATES[gate] ?? 'Main Entrance A',
    SCANNERS[gate] ?? null,
    rng.pick(DOOR_STAFF),
    result,
    // Scanner nonces are opaque; these look like what a scanner app sends.
    `nonce-${demoTicketCode(rng).toLowerCase()}`,
    at,
  ]);
}

/** Most people arrive in the hour around the show's start; some come late. */
function arrivalAfterDoors(rng: Rng): number {
  const minutes = rng.chance(0.75)
    ? ((rng.next() + rng.next() + rng.next()) / 3) * 120
    : rng.next() * 200;
  return Math.round(minutes * MINUTE);
}

function mistype(rng: Rng, code: string): string {
  const at = rng.int(0, code.length - 1);
  const current = CODE_ALPHABET.indexOf(code[at] ?? '0');
  const replacement = CODE_ALPHABET[(current + rng.int(1, 31)) % 32] ?? 'X';
  return code.slice(0, at) + replacement + code.slice(at + 1);
}
