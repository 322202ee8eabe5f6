/** Language detection by stopwords: the commonest function words of each language are
 * distinctive enough for messages of a few words, need no model file and cost one pass over
 * the text. Scripts used by a single language are recognised by script. Returns a BCP 47
 * primary tag, or `und` when the text is too short or no language clearly leads. */
const STOPWORDS: Record<string, string> = {
  en: 'the and is are i my you to of for it this that with have was can please how what do me a in on get want would could an be will your there where when',
  de: 'der die das und ist ich nicht mein meine ein eine zu mit für auf wie was bitte habe kann wir sie es den dem noch auch karte karten bei von aber haben mir mich hallo danke wo wann',
  fr: 'le la les et est je ne pas mon ma mes un une des du pour avec sur que qui comment vous nous il elle au billet billets merci bonjour ai suis mais où quand',
  es: 'el los las y es yo mi mis un una por para con que como cómo qué está estoy tengo quiero entrada entradas del al pero gracias hola puedo se lo mis dónde cuándo',
  it: 'il lo gli e è sono non mio mia miei un una per con che come di del della ho voglio biglietto biglietti grazie ciao posso nel anche ma dove quando mi',
  nl: 'de het een en is ik niet mijn van voor met op wat hoe kan wil heb dat die zijn kaartje kaartjes bedankt graag ook maar naar geen je u waar wanneer',
  pt: 'o os as e é eu não meu minha um uma para com que como de do da dos das tenho quero bilhete bilhetes ingresso ingressos obrigado obrigada olá posso mas em no na onde quando',
};

const LISTS = Object.entries(STOPWORDS).map(
  ([lang, words]) => [lang, new Set(words.split(' '))] as const,
);

/** Letters that all but give the language away. */
const MARKERS: [string, RegExp][] = [
  ['de', /[ßäöü]/g],
  ['es', /[ñ¿¡]/g],
  ['pt', /[ãõ]|ção/g],
  ['fr', /[êëîûœ]|ç(?!ão)/g],
  ['it', /[ìò]/g],
  ['nl', /ij/g],
];

/** Scripts that (for our purposes) belong to one language. */
const SCRIPTS: [string, RegExp][] = [
  ['ko', /\p{Script=Hangul}/gu],
  ['ja', /[\p{Script=Hiragana}\p{Script=Katakana}]/gu],
  ['zh', /\p{Script=Han}/gu],
  ['el', /\p{Script=Greek}/gu],
  ['he', /\p{Script=Hebrew}/gu],
  ['ar', /\p{Script=Arabic}/gu],
  ['th', /\p{Script=Thai}/gu],
];

const MIN_WORDS = 2;
const MIN_HITS = 2;

export function detectLanguage(text: string): string {
  const lower = text.toLowerCase();
  const letters = (lower.match(/\p{L}/gu) ?? []).length;
  if (letters === 0) return 'und';
  for (const [lang, re] of SCRIPTS) {
    // Kana decides Japanese even when Han characters are the majority.
    const count = (lower.match(re) ?? []).length;
    if (count > 0 && (lang === 'ja' || count * 2 >= letters)) return lang;
  }
  const words = lower.match(/[\p{L}]+/gu) ?? [];
  if (words.length < MIN_WORDS) return 'und';
  const scores = new Map<string, number>();
  for (const [lang, set] of LISTS) {
    let hits = 0;
    for (const w of words) if (set.has(w)) hits++;
    scores.set(lang, hits);
  }
  for (const [lang, re] of MARKERS) {
    const n = (lower.match(re) ?? []).length;
    scores.set(lang, (scores.get(lang) ?? 0) + Math.min(n, 2));
  }
  const ranked = [...scores].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < MIN_HITS || (second && second[1] === best[1])) return 'und';
  return best[0];
}
