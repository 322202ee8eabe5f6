/** Urgency cues read from the buyer's words. Each cue either sets a floor (the case is at
 * least this urgent) or bumps the level by one step, or both. Patterns run on lowercased text
 * with typographic apostrophes straightened; English first, with the commonest phrasings in
 * the other languages language.ts detects. */
export type CueKey =
  | 'threat'
  | 'self_harm'
  | 'cannot_enter'
  | 'at_the_door'
  | 'event_today'
  | 'double_charge'
  | 'chargeback_threat'
  | 'legal_threat'
  | 'vulnerable';

export type Cue = { key: CueKey; pattern: RegExp; floor?: 1 | 2 | 3; bump?: boolean };

/** Whole words in any script (`\b` is ASCII-only and fails next to é or ü). */
const words = (alternatives: string): RegExp =>
  new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${alternatives})(?![\p{L}\p{N}])`, 'u');

const NOT =
  "(?:can'?t|cannot|can not|won'?t|will not|doesn'?t|does not|didn'?t|did not|isn'?t|is not|not)";

export const CUES: readonly Cue[] = [
  {
    // Safety first: a threat against people or the venue goes to a human at once.
    key: 'threat',
    pattern: words(
      "i(?:'ll| will|'m going to| am going to| gonna) (?:kill|hurt|shoot|stab|find you)|bomb|gun|weapon|shoot up",
    ),
    floor: 1,
  },
  {
    key: 'self_harm',
    pattern: words(String.raw`suicid\w*|kill myself|end my life|hurt myself|self[- ]harm`),
    floor: 1,
  },
  {
    key: 'cannot_enter',
    pattern: words(
      `${NOT} (?:get|getting|let (?:me|us)|letting (?:me|us)) in|${NOT} (?:enter|scan|scanning|work at the (?:door|gate))|(?:denied|refused) (?:entry|entrance|admission)|turned (?:me |us )?away|scanner (?:rejects|rejected|says|shows)|(?:scans|scanned|shows) as (?:already )?(?:used|invalid)|already (?:been )?(?:used|scanned|redeemed)|kein einlass|komme nicht rein|on ne peut pas entrer|no (?:me|nos) dejan entrar`,
    ),
    floor: 2,
  },
  {
    // Standing at the venue: minutes matter, so it is both a floor and a bump.
    key: 'at_the_door',
    pattern: words(
      "at the (?:door|doors|entrance|gate|venue|box office)|outside the (?:venue|arena|stadium|club)|in the (?:queue|line) (?:now|right now|outside)|doors (?:open|are open|opening)|am eingang|vor der tür|à l'entrée|en la entrada|all'ingresso|bij de ingang",
    ),
    floor: 2,
    bump: true,
  },
  {
    key: 'event_today',
    pattern: words(
      String.raw`today|tonight|this evening|in (?:an|one|a few|\d+) (?:hours?|minutes?|mins?)|starts? (?:soon|now)|heute|heute abend|ce soir|aujourd'hui|hoy|esta noche|oggi|stasera|vandaag|vanavond|hoje`,
    ),
    bump: true,
  },
  {
    key: 'double_charge',
    pattern: words(
      'charged (?:me )?(?:twice|two times|double|2x)|double[- ]?charged?|billed (?:me )?twice|paid twice|(?:two|2|duplicate|double) (?:charges|payments|transactions)|duplicate (?:charge|payment)|doppelt (?:abgebucht|belastet|bezahlt)|débité deux fois|cobrado dos veces|cobrado doble',
    ),
    floor: 2,
  },
  {
    key: 'chargeback_threat',
    pattern: words(
      'charge ?back|dispute (?:the|this|a|it)|(?:file|open|raise) a dispute|my bank|credit card company|card issuer|reverse the (?:charge|payment)|rückbuchung|meine bank|ma banque|mi banco',
    ),
    floor: 2,
  },
  {
    key: 'legal_threat',
    pattern: words(
      'lawyer|attorney|solicitor|sue you|take you to court|legal action|small claims|consumer protection|trading standards|report you to|anwalt|avocat|abogado|avvocato|advocaat',
    ),
    floor: 2,
  },
  {
    // Buyers in distress or with access needs get looked at sooner.
    key: 'vulnerable',
    pattern: words(
      String.raw`panic\w*|crying|in tears|desperate\w*|anxiety|anxious|disabled|disability|wheelchair|medical|hospital|emergency|seizure|pregnant|blind|deaf|carer|caregiver|mental health|please help me|verzweifelt|rollstuhl|désespéré|fauteuil roulant|desesperad[oa]|silla de ruedas`,
    ),
    bump: true,
  },
];
