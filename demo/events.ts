/** The two demo events, placed relative to `now`: "Ticketops Demo Night" a few days ahead
 * (what a newcomer asks the bot about) and a warm-up show that ended, for the report. */
import type { EventStatus } from '../db/schema/events.js';
import {
  DEMO_CURRENCY,
  DEMO_EVENT_SLUG,
  DEMO_NIGHT_TYPES,
  PAST_EVENT_SLUG,
  type TicketTypeSpec,
  WARM_UP_TYPES,
} from './catalog.js';
import { demoId } from './codes.js';
import { type Rng, STREAM } from './rng.js';

const DAY = 86_400_000;
const TIMEZONE = 'Europe/Berlin';

/** Share of orders that belong to the past event. */
export const PAST_EVENT_SHARE = 0.35;
/** Mean tickets per order (catalog TICKETS_PER_ORDER), used to size capacities. */
const MEAN_TICKETS_PER_ORDER = 1.65;

export type DemoTicketType = {
  id: string;
  name: string;
  priceMinor: number;
  currency: string;
  capacity: number;
  weight: number;
};

export type DemoEvent = {
  id: string;
  slug: string;
  name: string;
  venue: string;
  timezone: string;
  doorsAt: number;
  startsAt: number;
  endsAt: number;
  capacity: number;
  status: EventStatus;
  createdAt: number;
  /** Orders are placed in [salesFrom, salesUntil). */
  salesFrom: number;
  salesUntil: number;
  ticketTypes: DemoTicketType[];
};

export type DemoEvents = { upcoming: DemoEvent; past: DemoEvent };

/** Offset of `timeZone` from UTC at an instant, in minutes (Berlin: +60 or +120). */
function offsetMinutes(timeZone: string, atMs: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(atMs))
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** The instant when the wall clock in Berlin shows `hour:minute`, `days` after today's date
 * there. Doors at 19:00 should read 19:00 on a Berlin poster in summer and in winter. */
function berlinWallClock(now: number, days: number, hour: number, minute: number): number {
  const local = new Date(now + offsetMinutes(TIMEZONE, now) * 60_000 + days * DAY);
  const guess = Date.UTC(
    local.getUTCFullYear(),
    local.getUTCMonth(),
    local.getUTCDate(),
    hour,
    minute,
  );
  return guess - offsetMinutes(TIMEZONE, guess - 2 * 3_600_000) * 60_000;
}

function ticketTypes(
  specs: readonly TicketTypeSpec[],
  capacity: number,
  createdAt: number,
  rng: Rng,
): DemoTicketType[] {
  const totalShare = specs.reduce((sum, s) => sum + s.share, 0);
  return specs.map((s) => ({
    id: demoId('tty', createdAt, rng),
    name: s.name,
    priceMinor: s.priceMinor,
    currency: DEMO_CURRENCY,
    capacity: Math.ceil((capacity * s.share) / totalShare),
    weight: s.share,
  }));
}

/** Room for what the orders will sell plus some unsold seats, in hundreds. */
function capacityFor(orders: number): number {
  return Math.max(300, Math.ceil((orders * MEAN_TICKETS_PER_ORDER * 1.15) / 100) * 100);
}

export function planDemoEvents(seed: number, now: number, orders: number, rng: Rng): DemoEvents {
  rng.reseed(seed, STREAM.events, 0);
  const upcomingDoors = berlinWallClock(now, 5, 19, 0);
  const upcomingCreated = upcomingDoors - 90 * DAY;
  const upcomingCapacity = capacityFor(orders * (1 - PAST_EVENT_SHARE));
  const upcoming: DemoEvent = {
    id: demoId('evt', upcomingCreated, rng),
    slug: DEMO_EVENT_SLUG,
    name: 'Ticketops Demo Night',
    venue: 'Halle am Spreeufer, Berlin',
    timezone: TIMEZONE,
    doorsAt: upcomingDoors,
    startsAt: upcomingDoors + 3_600_000,
    endsAt: upcomingDoors + 5.5 * 3_600_000,
    capacity: upcomingCapacity,
    status: 'on_sale',
    createdAt: upcomingCreated,
    salesFrom: upcomingCreated + DAY,
    salesUntil: now - 5 * 60_000,
    ticketTypes: ticketTypes(DEMO_NIGHT_TYPES, upcomingCapacity, upcomingCreated, rng),
  };
  const pastDoors = berlinWallClock(now, -12, 18, 30);
  const pastCreated = pastDoors - 110 * DAY;
  const pastCapacity = capacityFor(orders * PAST_EVENT_SHARE);
  const past: DemoEvent = {
    id: demoId('evt', pastCreated, rng),
    slug: PAST_EVENT_SLUG,
    name: 'Ticketops Warm-Up Show',
    venue: 'Studio Kreuzberg, Berlin',
    timezone: TIMEZONE,
    doorsAt: pastDoors,
    startsAt: pastDoors + 3_600_000,
    endsAt: pastDoors + 4.5 * 3_600_000,
    capacity: pastCapacity,
    status: 'ended',
    createdAt: pastCreated,
    salesFrom: pastCreated + DAY,
    salesUntil: pastDoors,
    ticketTypes: ticketTypes(WARM_UP_TYPES, pastCapacity, pastCreated, rng),
  };
  return { upcoming, past };
}
