/** Case- and accent-folded copy of a text with a map back to original UTF-16 offsets, so a
 * match found in the folded copy reports the span the buyer actually wrote. Runs of
 * whitespace, `-` and `_` fold to one space ("Rock-am-Ring" matches "rock am ring"). */
export type Folded = { text: string; origin: number[] };

const SEPARATOR = /[\s_-]/u;

export function fold(original: string): Folded {
  let text = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of original) {
    if (SEPARATOR.test(ch)) {
      if (!text.endsWith(' ')) {
        text += ' ';
        origin.push(i);
      }
    } else {
      const f = foldChar(ch);
      for (let k = 0; k < f.length; k++) origin.push(i);
      text += f;
    }
    i += ch.length;
  }
  origin.push(i); // sentinel: end of text
  return { text, origin };
}

export const foldPhrase = (phrase: string): string => fold(phrase).text.trim();

function foldChar(ch: string): string {
  // Fast path: ASCII needs no normalisation.
  if (ch.charCodeAt(0) < 128) return ch.toLowerCase();
  return ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
