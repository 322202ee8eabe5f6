/** Code points of every decimal digit zero (Unicode category Nd) above ASCII, ascending;
 * built on first use from the runtime's own Unicode data (a few milliseconds, once).
 * Unicode keeps each script's digits in whole runs of ten, zero first, so a digit's value is
 * its distance from the nearest zero at or below it. */
let zeros: number[] | undefined;

export function digitZeros(): number[] {
  if (zeros) return zeros;
  const chars: string[] = [];
  for (let cp = 0x660; cp <= 0x1ffff; cp++) {
    if (cp < 0xd800 || cp > 0xdfff) chars.push(String.fromCodePoint(cp));
  }
  const found: number[] = [];
  let runStart = -2;
  let last = -2;
  for (const m of chars.join('').matchAll(/\p{Nd}/gu)) {
    const cp = m[0].codePointAt(0)!;
    if (cp !== last + 1) runStart = cp;
    if ((cp - runStart) % 10 === 0) found.push(cp);
    last = cp;
  }
  zeros = found;
  return found;
}
