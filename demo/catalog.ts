/** What the demo world is made of: names, countries, ticket types, weights. Plain data, so
 * changing the demo's flavour does not touch the generator. */
import type { CustomerTier } from '../db/schema/customers.js';
import type { OrderStatus } from '../db/schema/orders.js';

export const DEMO_CURRENCY = 'EUR';

/** The event a newcomer talks to the bot about, and an earlier one that has ended, so the
 * post-event report has check-ins, no-shows and failed scans to show. */
export const DEMO_EVENT_SLUG = 'demo-night';
export const PAST_EVENT_SLUG = 'demo-warm-up';
export const DEMO_EVENT_SLUGS = [DEMO_EVENT_SLUG, PAST_EVENT_SLUG] as const;

/** Demo buyers get mail addresses on reserved example domains (RFC 2606): they can never
 * reach a real inbox, and `--reset` knows which customers are demo ones. */
export const DEMO_EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;

export type TicketTypeSpec = {
  key: string;
  name: string;
  priceMinor: number;
  /** Share of the event's capacity and of orders. */
  share: number;
};

export const DEMO_NIGHT_TYPES: readonly TicketTypeSpec[] = [
  { key: 'early', name: 'Early Bird', priceMinor: 2900, share: 20 },
  { key: 'ga', name: 'General Admission', priceMinor: 3900, share: 62 },
  { key: 'vip', name: 'VIP (Meet & Greet)', priceMinor: 8900, share: 8 },
  { key: 'balcony', name: 'Balcony Seated', priceMinor: 4900, share: 10 },
];

export const WARM_UP_TYPES: readonly TicketTypeSpec[] = [
  { key: 'early', name: 'Early Bird', priceMinor: 1900, share: 25 },
  { key: 'ga', name: 'General Admission', priceMinor: 2500, share: 65 },
  { key: 'vip', name: 'VIP', priceMinor: 6500, share: 10 },
];

/** Service fee per ticket, charged on top and not refunded on a partial refund. */
export const FEE_PER_TICKET_MINOR = 150;

export const TIER_WEIGHTS: readonly (readonly [CustomerTier, number])[] = [
  ['standard', 82],
  ['member', 13],
  ['vip', 5],
];

export const COUNTRY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['DE', 55],
  ['AT', 8],
  ['CH', 6],
  ['NL', 5],
  ['GB', 5],
  ['FR', 5],
  ['PL', 4],
  ['DK', 3],
  ['IT', 3],
  ['ES', 3],
  ['US', 3],
];

/** IP countries that do not match a European billing address: what the risk rule sees. */
export const FAR_IP_COUNTRIES = ['BR', 'NG', 'VN', 'ID', 'PH', 'RU', 'US', 'IN'] as const;

/** Most buyers come alone or as a pair (mean ~1.5 tickets per order). */
export const TICKETS_PER_ORDER: readonly (readonly [number, number])[] = [
  [1, 64],
  [2, 27],
  [3, 4],
  [4, 4],
  [6, 1],
];

export const STATUS_WEIGHTS_UPCOMING: readonly (readonly [OrderStatus, number])[] = [
  ['paid', 82],
  ['partially_refunded', 3],
  ['refunded', 5],
  ['disputed', 1],
  ['pending', 6],
  ['canceled', 3],
];

/** After the show nothing is pending any more: unpaid orders were canceled. */
export const STATUS_WEIGHTS_PAST: readonly (readonly [OrderStatus, number])[] = [
  ['paid', 86],
  ['partially_refunded', 3],
  ['refunded', 6],
  ['disputed', 1.5],
  ['canceled', 3.5],
];

export const FIRST_NAMES: readonly string[] = (
  'Lena Jonas Mia Leon Emma Paul Hannah Felix Sofia Lukas Clara Noah Marie Elias ' +
  'Lea Ben Anna Finn Laura Max Amelie Tim Sara David Julia Moritz Nora Jan Ida Tom ' +
  'Aylin Can Zeynep Emre Olga Piotr Agnieszka Tomasz Chloe Louis Giulia Marco ' +
  'Lucia Javier Sanne Daan Freja Mads Oliver Amara Kwame Priya Arjun Mei Hiro Yara ' +
  'Omar Leila'
).split(' ');

export const LAST_NAMES: readonly string[] = (
  'Schmidt,Müller,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Koch,' +
  'Richter,Klein,Wolf,Schröder,Neumann,Braun,Zimmermann,Krüger,Hartmann,Lange,' +
  'Werner,Krause,Lehmann,Yilmaz,Kaya,Nowak,Kowalski,Dubois,Martin,Rossi,Bianchi,' +
  'García,López,de Vries,Jansen,Nielsen,Hansen,Smith,Brown,Mensah,Okafor,Sharma,' +
  'Patel,Chen,Tanaka,Haddad,Nguyen'
).split(',');

export const GATES = ['Main Entrance A', 'Main Entrance B', 'Box Office'] as const;
export const SCANNERS = ['scanner-01', 'scanner-02', 'scanner-03', 'scanner-04'] as const;
export const DOOR_STAFF = ['door:anja', 'door:mehmet', 'door:kasia', 'door:ruben'] as const;
