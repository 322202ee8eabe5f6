/** The test oracle for card redaction, written apart from the redactor so the two cannot
 * share a blind spot: digits of the scripts the tests write (ASCII, full-width, Arabic-Indic,
 * Devanagari, mathematical bold) read as ASCII, separators dropped, then any run of `min`
 * consecutive digits of the card searched for. */
const ZEROS = [0x30, 0xff10, 0x660, 0x966, 0x1d7ce];

export function asciiDigits(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const zero = ZEROS.find((z) => cp >= z && cp <= z + 9);
    out += zero === undefined ? ch : String(cp - zero);
  }
  return out;
}

/** Separators a card may be written with; removed so `4242 4242` reads as `42424242`. */
const SEPARATORS = /[\s\u200b.\-‐‑‒–—−－．/／_,·]/g;

/** The first run of `min` consecutive card digits found in `shown`, or undefined. */
export function leakedCardDigits(shown: string, card: string, min = 8): string | undefined {
  const compact = asciiDigits(shown).replace(SEPARATORS, '');
  for (let i = 0; i + min <= card.length; i++) {
    const piece = card.slice(i, i + min);
    if (compact.includes(piece)) return piece;
  }
  return undefined;
}
