/** Languages the offline intent model was trained on: its examples (intent/training/*.yaml)
 * are English. Text in another language mostly scores as out_of_scope, often confidently,
 * since the model knows few of its words. */
export const OFFLINE_LANGUAGES: ReadonlySet<string> = new Set(['en']);

/** Whether the offline brain's intent can be trusted for text detected as `language`.
 * `und` (too short or too mixed to tell) counts as covered: confidence speaks for it. */
export const offlineCovers = (language: string): boolean =>
  language === 'und' || OFFLINE_LANGUAGES.has(language);
