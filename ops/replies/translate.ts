import type { Intent } from '../triage/index.js';
import { en } from './locales/en.js';

/** Every message key; the English catalog defines the set. */
export type MessageKey = keyof typeof en;

/** Placeholder names in a message text: `'Case #{caseNumber} in {sla}'` -> 'caseNumber' | 'sla'. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;

/** The params a key needs: an object naming each placeholder, or nothing when there are none. */
export type MessageParams<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never]
  ? []
  : [params: Record<Placeholders<(typeof en)[K]>, string | number>];

/** A translation may cover only part of the keys; the rest fall back to English. */
export type Catalog = Partial<Record<MessageKey, string>>;

/** Locale -> catalog. English ships; a translation registers itself here (or via
 * `registerCatalog`) and is checked against the same key set. */
const catalogs = new Map<string, Catalog>([['en', en]]);

export function registerCatalog(locale: string, catalog: Catalog): void {
  catalogs.set(locale.toLowerCase(), catalog);
}

/** The reply text for `key` in `locale` (`de-AT` tries `de-at`, then `de`), falling back to
 * English. A placeholder whose param is missing at runtime stays visible as `{name}` rather
 * than printing "undefined". */
export function t<K extends MessageKey>(
  locale: string | undefined,
  key: K,
  ...args: MessageParams<K>
): string {
  // `?? key`: a key that slipped past the types (untyped JS, data) shows itself, never throws.
  const template = lookup(locale, key) ?? (en as Record<string, string | undefined>)[key] ?? key;
  const params = (args[0] ?? {}) as Record<string, string | number>;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

function lookup(locale: string | undefined, key: MessageKey): string | undefined {
  if (!locale) return undefined;
  const tag = locale.toLowerCase().replace('_', '-');
  return catalogs.get(tag)?.[key] ?? catalogs.get(tag.split('-')[0] ?? '')?.[key];
}

/** The message key describing an intent to the buyer ("get a refund"), for clarifying questions. */
export const intentLabelKey = (intent: Intent): `intent.${Intent}` => `intent.${intent}`;

// Compile-time check: every intent has a label message (adding an intent without one fails here).
en satisfies Record<`intent.${Intent}`, string>;
