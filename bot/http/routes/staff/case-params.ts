import { z } from 'zod';

/** The `:number` of a `/…/cases/:number` route, shared by the pages and the JSON API. */
export type CaseParams = { Params: { number: string } };

/** A case number as the route gives it: a positive int4, so a huge one is a 400 or a 404, not
 * a database error. */
export const caseNumber = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
