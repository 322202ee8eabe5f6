/** Word polarity from -2 (strongly negative) to +2, lowercased; a short hand-written list
 * weighted towards what ticket buyers say. English first, common words of the other
 * detected languages after. */
export const LEXICON = new Map<string, number>([
  // negative
  ...weights(
    -2,
    'terrible awful horrible worst furious scam fraud disgusting unacceptable hate ridiculous outrageous useless nightmare livid appalling pathetic',
  ),
  ...weights(
    -2,
    'schrecklich furchtbar betrug nul arnaque horrible pésimo pessimo schifo vreselijk péssimo',
  ),
  ...weights(
    -1,
    'bad problem problems issue issues wrong broken error failed fail fails missing lost late delay delayed angry annoyed frustrated frustrating disappointed disappointing upset rude stuck confusing confused worried stressed sad unfortunately poor slow never nobody ignored panic crying scared unhappy complaint',
  ),
  ...weights(
    -1,
    'schlecht ärgerlich enttäuscht leider problème déçu malheureusement mal problema enfadado decepcionado purtroppo deluso slecht jammer teleurgesteld infelizmente',
  ),
  // positive
  ...weights(
    2,
    'amazing awesome excellent fantastic wonderful perfect brilliant love loved superb outstanding',
  ),
  ...weights(2, 'wunderbar fantastisch génial genial fantastico perfetto geweldig ótimo'),
  ...weights(
    1,
    'thanks thank thx ty great good nice happy glad helpful appreciate appreciated cool pleased excited kind best fine easy quick fast smooth enjoy enjoyed works worked',
  ),
  ...weights(
    1,
    'danke super toll gut merci bien content gracias bueno feliz grazie bene contento bedankt goed blij obrigado obrigada bom',
  ),
]);

/** Flip the polarity of the next few words. */
export const NEGATIONS = new Set(
  "not no never none nothing cannot can't dont don't doesn't didn't isn't wasn't won't aren't nicht kein keine nie pas jamais nunca nada non mai niet geen nunca não".split(
    ' ',
  ),
);

/** Scale the next polar word. */
export const INTENSIFIERS = new Map<string, number>([
  ...weights(
    1.5,
    'very really so extremely super absolutely totally completely incredibly seriously sehr très muy molto erg zeer muito',
  ),
  ...weights(0.6, 'slightly somewhat bit little kinda'),
]);

export const POSITIVE_EMOJI = new Set([...'😀😃😄😁😊🙂😍🥰😘👍🙏👏🎉🥳💯✨🤩😎👌💖💕'])
  .add('❤️')
  .add('❤');
export const NEGATIVE_EMOJI = new Set([...'😡😠🤬😢😭😞😤👎💔😩😫😒🙄😣😖😟😰😱🤮']);

function weights<T extends number>(w: T, list: string): [string, T][] {
  return list.split(' ').map((word) => [word, w]);
}
