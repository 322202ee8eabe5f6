import type { Db } from './client.js';

/** One `T` per database handle, made on first use: prepared statements and batchers belong
 * to the pool they run on, and a test opening several databases must not share them. */
export function perDatabase<T>(make: (db: Db) => T): (db: Db) => T {
  const made = new WeakMap<Db, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make(db);
      made.set(db, value);
    }
    return value;
  };
}
