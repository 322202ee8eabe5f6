/** Calendar arithmetic on plain dates (year, month 1-12, day), done in UTC so no local zone or
 * DST can shift a day. Only "what day is it now" depends on a zone. */
export type PlainDate = { y: number; m: number; d: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The last answer, per UTC minute: formatting through Intl costs more than the rest of date
 * finding, and consecutive messages (a live stream, a batch with one `now`) mostly fall in
 * the same minute. Zones are offset from UTC by whole minutes, so the local date cannot
 * change inside one. */
let last: { minute: number; timeZone: string; date: PlainDate } | undefined;

/** Today's date in `timeZone` at instant `now`. An unknown zone falls back to UTC rather than
 * throwing: triage must answer whatever the configuration says. */
export function todayIn(now: Date, timeZone = 'UTC'): PlainDate {
  const minute = Math.floor(now.getTime() / 60_000);
  if (last && last.minute === minute && last.timeZone === timeZone) return { ...last.date };
  const date = formatToday(now, timeZone);
  last = { minute, timeZone, date: { ...date } };
  return date;
}

function formatToday(now: Date, timeZone: string): PlainDate {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    try {
      fmt = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    } catch {
      fmt = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'UTC',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
    }
    formatters.set(timeZone, fmt);
  }
  const safeNow = Number.isNaN(now.getTime()) ? new Date(0) : now;
  const parts = Object.fromEntries(fmt.formatToParts(safeNow).map((p) => [p.type, p.value]));
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day) };
}

export function isValidDate({ y, m, d }: PlainDate): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1000 || y > 9999) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function addDays(date: PlainDate, days: number): PlainDate {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = ({ y, m, d }: PlainDate): number =>
  new Date(Date.UTC(y, m - 1, d)).getUTCDay();

export const toIso = ({ y, m, d }: PlainDate): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

const dayNumber = ({ y, m, d }: PlainDate): number => Date.UTC(y, m - 1, d) / 86_400_000;

/** A date written without a year ("12/05", "May 12") means the occurrence nearest to today:
 * buyers talk both about upcoming events and about past charges. */
export function nearestYear(m: number, d: number, today: PlainDate): PlainDate | undefined {
  let best: PlainDate | undefined;
  for (const y of [today.y - 1, today.y, today.y + 1]) {
    const c = { y, m, d };
    if (!isValidDate(c)) continue;
    if (
      !best ||
      Math.abs(dayNumber(c) - dayNumber(today)) < Math.abs(dayNumber(best) - dayNumber(today))
    )
      best = c;
  }
  return best;
}
