/** Seeded pseudo-random numbers for the demo data. The same seed must give the same dataset
 * on every machine and Node version, so this is hand-written (sfc32, seeded through
 * splitmix32) instead of Math.random or crypto. Not for secrets: real ticket codes use
 * crypto (db/ids.ts); demo codes only need to look alike and be reproducible. */

/** One step of splitmix32: spreads a small or sequential seed over all 32 bits. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seed given on the command line may be a number or any word; both map to a uint32. */
export function seedFromString(seed: string | number): number {
  if (typeof seed === 'number' && Number.isInteger(seed)) return seed >>> 0;
  const text = String(seed);
  if (/^\d+$/.test(text) && Number(text) <= 0xffffffff) return Number(text) >>> 0;
  // FNV-1a over UTF-16 units: stable and good enough to tell words apart.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Which part of the dataset a stream belongs to, so that e.g. customer 7 and order 7 do not
 * draw the same numbers. */
export const STREAM = { events: 1, customers: 2, orders: 3, scans: 4 } as const;

export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed = 0) {
    this.reseed(seed);
  }

  /** Restarts the generator for (seed, stream, index): entity `index` gets the same numbers
   * whatever chunk size or order the generator walks the dataset in. */
  reseed(seed: number, stream = 0, index = 0): this {
    this.a = splitmix32(seed);
    this.b = splitmix32(this.a ^ Math.imul(stream + 1, 0x27d4eb2d));
    this.c = splitmix32(this.b ^ (index >>> 0));
    this.d = splitmix32(this.c ^ Math.floor(index / 0x100000000));
    // The first outputs of sfc32 are still correlated with the seed words.
    for (let i = 0; i < 8; i++) this.uint32();
    return this;
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 0x100000000;
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('rng.pick: empty list');
    return item;
  }

  /** Picks by weight: `[['GA', 60], ['VIP', 15]]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let r = this.next() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (!last) throw new Error('rng.weighted: empty list');
    return last[0];
  }

  /** Bytes for the code helpers in db/ids.ts, which take their randomness as an argument. */
  bytes(length: number): Uint8Array {
    return this.fill(new Uint8Array(length));
  }

  /** Fills `out` in place: no allocation per ticket code. */
  fill(out: Uint8Array): Uint8Array {
    for (let i = 0; i < out.length; i += 4) {
      const word = this.uint32();
      for (let j = 0; j < 4 && i + j < out.length; j++) out[i + j] = (word >>> (8 * j)) & 0xff;
    }
    return out;
  }
}
