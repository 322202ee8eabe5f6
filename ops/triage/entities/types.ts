import type { Entity } from '../types.js';

/** An event the organizer runs, as the entity extractor needs it (matched by name or slug). */
export type KnownEvent = { id: string; name: string; slug: string };

export type ExtractOptions = {
  /** Reference instant for relative dates ("tomorrow", "Friday"); defaults to the clock. */
  now?: Date;
  /** IANA zone in which "today" is reckoned (the event's zone); defaults to UTC. */
  timeZone?: string;
  /** Events whose names are reported as `event_name` entities (value = event id). */
  knownEvents?: readonly KnownEvent[];
  /** How `12/05` is read when both parts could be a month: day first (default) or month first. */
  dateOrder?: 'dmy' | 'mdy';
};

/** One extractor's proposal; overlaps between extractors are settled in `resolve.ts`. */
export type Candidate = Entity;

/** Letters or digits on either side of a match mean it is part of a longer word. */
export const isWordChar = (ch: string | undefined): boolean =>
  ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
