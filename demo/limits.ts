/** Demo sizes, in a module with no imports so the CLI can show them in `--help` without
 * loading the database driver or the generator. */

/** Small enough that `npm start` seeds in well under a second on PGlite. */
export const DEFAULT_DEMO_ORDERS = 50;
export const DEFAULT_DEMO_SEED = 1;
export const MAX_DEMO_ORDERS = 10_000_000;
