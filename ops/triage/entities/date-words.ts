/** Month and weekday names in the languages language.ts detects, folded to lowercase. */
const MONTH_NAMES: string[][] = [
  ['january', 'jan', 'januar', 'janvier', 'enero', 'gennaio', 'januari', 'janeiro'],
  [
    'february',
    'feb',
    'februar',
    'février',
    'fevrier',
    'febrero',
    'febbraio',
    'februari',
    'fevereiro',
  ],
  ['march', 'mar', 'märz', 'maerz', 'mars', 'marzo', 'maart', 'março', 'marco'],
  ['april', 'apr', 'avril', 'abril', 'aprile'],
  ['may', 'mai', 'mayo', 'maggio', 'mei', 'maio'],
  ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'junho'],
  ['july', 'jul', 'juli', 'juillet', 'julio', 'luglio', 'julho'],
  ['august', 'aug', 'août', 'aout', 'agosto', 'augustus'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'settembre', 'setembro'],
  ['october', 'oct', 'oktober', 'octobre', 'octubre', 'ottobre', 'outubro'],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro'],
  ['december', 'dec', 'dezember', 'décembre', 'decembre', 'diciembre', 'dicembre', 'dezembro'],
];

export const MONTHS = new Map<string, number>(
  MONTH_NAMES.flatMap((names, i) => names.map((n) => [n, i + 1] as [string, number])),
);

/** Index = JavaScript weekday (0 = Sunday). */
const WEEKDAY_NAMES: string[][] = [
  ['sunday', 'sonntag', 'dimanche', 'domingo', 'domenica', 'zondag'],
  ['monday', 'montag', 'lundi', 'lunes', 'lunedì', 'lunedi', 'maandag'],
  ['tuesday', 'dienstag', 'mardi', 'martes', 'martedì', 'martedi', 'dinsdag'],
  [
    'wednesday',
    'mittwoch',
    'mercredi',
    'miércoles',
    'miercoles',
    'mercoledì',
    'mercoledi',
    'woensdag',
  ],
  ['thursday', 'donnerstag', 'jeudi', 'jueves', 'giovedì', 'giovedi', 'donderdag'],
  ['friday', 'freitag', 'vendredi', 'viernes', 'venerdì', 'venerdi', 'vrijdag', 'sexta'],
  ['saturday', 'samstag', 'samedi', 'sábado', 'sabado', 'sabato', 'zaterdag'],
];

export const WEEKDAYS = new Map<string, number>(
  WEEKDAY_NAMES.flatMap((names, i) => names.map((n) => [n, i] as [string, number])),
);

/** Relative day words -> offset from today. */
export const RELATIVE_DAYS = new Map<string, number>([
  ['today', 0],
  ['tonight', 0],
  ['this evening', 0],
  ['this morning', 0],
  ['this afternoon', 0],
  ['tomorrow', 1],
  ['tmrw', 1],
  ['tomorrow night', 1],
  ['day after tomorrow', 2],
  ['the day after tomorrow', 2],
  ['yesterday', -1],
  ['heute', 0],
  ['heute abend', 0],
  ['übermorgen', 2],
  ['gestern', -1],
  ["aujourd'hui", 0],
  ['ce soir', 0],
  ['demain', 1],
  ['hoy', 0],
  ['esta noche', 0],
  ['mañana', 1],
  ['ayer', -1],
  ['oggi', 0],
  ['stasera', 0],
  ['domani', 1],
  ['ieri', -1],
  ['vandaag', 0],
  ['vanavond', 0],
  ['morgen', 1],
  ['gisteren', -1],
  ['hoje', 0],
  ['amanhã', 1],
  ['ontem', -1],
]);

/** Phrases reported with their normalised text as value: no single date to resolve to. */
export const VAGUE_PHRASES = [
  'this weekend',
  'next weekend',
  'next week',
  'this week',
  'next month',
];

/** Longest first so "tomorrow night" wins over "tomorrow" in an alternation. */
export const alternation = (words: Iterable<string>): string =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) =>
      w
        .replace(/[.*+?^${}()|[\]\\']/g, (c) => (c === "'" ? "['’]" : `\\${c}`))
        .replace(/ /g, '\\s+'),
    )
    .join('|');
