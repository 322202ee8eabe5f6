import type { Entity, EntityType } from '../types.js';

/** When spans of the same length overlap, the more specific type wins: an email can contain
 * anything, an order or ticket code is a strong signal, a phone is the weakest guess. */
const PRIORITY: Record<EntityType, number> = {
  email: 8,
  order_code: 7,
  ticket_code: 6,
  amount: 5,
  event_name: 4,
  seat: 3,
  date: 2,
  phone: 1,
};

/** Overlaps: the longest span wins (a phone inside "ORD-0301234567" loses to the order code,
 * "Friday" inside "Friday Night Live" loses to the event), ties go to PRIORITY. Identical
 * entities are reported once. Output is in text order. */
export function resolveOverlaps(candidates: Entity[]): Entity[] {
  const ranked = [...candidates].sort(
    (a, b) =>
      b.end - b.start - (a.end - a.start) ||
      PRIORITY[b.type] - PRIORITY[a.type] ||
      a.start - b.start,
  );
  const kept: Entity[] = [];
  for (const c of ranked) {
    if (c.end <= c.start) continue;
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}
