/**
 * Cuts a reply into parts no longer than `max` characters, for platforms with a message
 * length limit (Telegram 4,096, Discord 2,000). It cuts at the last paragraph break that
 * fits, else the last line break, else the last space, and only inside a word when a word
 * alone is longer than `max`. Joining the parts with the separators they were cut at gives
 * the text back, so nothing is lost; parts are never empty.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new RangeError('splitText: max must be at least 1');
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const cut = lastBreak(window, '\n\n') ?? lastBreak(window, '\n') ?? lastBreak(window, ' ');
    if (cut === undefined) {
      // A surrogate pair must stay whole, or the platform receives a broken character.
      const end = isHighSurrogate(rest.charCodeAt(max - 1)) ? max - 1 : max;
      parts.push(rest.slice(0, end));
      rest = rest.slice(end);
      continue;
    }
    parts.push(rest.slice(0, cut.at));
    rest = rest.slice(cut.at + cut.length);
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

function lastBreak(window: string, separator: string) {
  const at = window.lastIndexOf(separator);
  // A break at the very start would make an empty part.
  if (at <= 0 || at + separator.length > window.length) return undefined;
  return { at, length: separator.length };
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
