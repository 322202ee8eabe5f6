/** The public face of ops/imports: order imports from other shops. */
export { type ImportOptions, type ImportSummary, importOrdersCsv } from './orders-csv.js';
