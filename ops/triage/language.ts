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

const LANGS = Object.keys(STOPWORDS);

/** Stopword -> the languages (a bit per LANGS index) whose list holds it: one lookup per word
 * instead of one per word and language. A word counts once per language, as with a set. */
const STOPWORD_LANGS = new Map<string, number>();
for (const [i, lang] of LANGS.entries()) {
  for (const w of (STOPWORDS[lang] ?? '').split(' ')) {
    STOPWORD_LANGS.set(w, (STOPWORD_LANGS.get(w) ?? 0) | (1 << i));
  }
}

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

/** Most messages are plain ASCII once lowercased. Then `\p{L}` means `[a-z]`, no script of
 * SCRIPTS and no marker but Dutch `ij` can occur, so the ASCII path below reaches the same
 * answer with cheaper regexes and no script scans. */
const NON_ASCII = /[^\p{ASCII}]/u;

export function detectLanguage(text: string): string {
  const lower = text.toLowerCase();
  const ascii = !NON_ASCII.test(lower);
  if (ascii) {
    if (!/[a-z]/.test(lower)) return 'und';
  } else {
    const script = scriptOf(lower);
    if (script !== undefined) return script;
  }
  const words = lower.match(ascii ? /[a-z]+/g : /[\p{L}]+/gu) ?? [];
  if (words.length < MIN_WORDS) return 'und';
  const scores = LANGS.map(() => 0);
  for (const w of words) {
    const langs = STOPWORD_LANGS.get(w);
    if (langs === undefined) continue;
    for (let i = 0; i < scores.length; i++) if (langs & (1 << i)) scores[i]! += 1;
  }
  for (const [lang, re] of MARKERS) {
    if (ascii && lang !== 'nl') continue;
    const n = (lower.match(re) ?? []).length;
    const i = LANGS.indexOf(lang);
    scores[i] = (scores[i] ?? 0) + Math.min(n, 2);
  }
  // The leader must be unique and reach MIN_HITS (a tie for first is no answer).
  const best = Math.max(...scores);
  if (best < MIN_HITS || scores.indexOf(best) !== scores.lastIndexOf(best)) return 'und';
  return LANGS[scores.indexOf(best)] ?? 'und';
}

/** For text with non-ASCII characters: `und` when it has no letter at all, the language of a
 * script that holds enough of the letters (Kana decides Japanese even when Han characters are
 * the majority), or undefined to go on with stopwords. */
function scriptOf(lower: string): string | undefined {
  const letters = (lower.match(/\p{L}/gu) ?? []).length;
  if (letters === 0) return 'und';
  for (const [lang, re] of SCRIPTS) {
    const count = (lower.match(re) ?? []).length;
    if (count > 0 && (lang === 'ja' || count * 2 >= letters)) return lang;
  }
  return undefined;
}
