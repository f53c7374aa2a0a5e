// Word-bounded, case-insensitive phrase lookup built once: a text is split into words and each
// run of up to `maxWords` words is looked up in a Map. Linear in the text length, whatever the
// number of phrases (no per-phrase RegExp).

const wordPattern = /[\p{L}\p{N}]+/gu;

export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(wordPattern) ?? [];
}

export class PhraseIndex<T> {
  private readonly byPhrase = new Map<string, T[]>();
  private maxWords = 1;

  add(phrase: string, value: T): void {
    const words = wordsOf(phrase);
    if (words.length === 0) return;
    const key = words.join(' ');
    const values = this.byPhrase.get(key);
    if (values) {
      if (!values.includes(value)) values.push(value);
    } else this.byPhrase.set(key, [value]);
    this.maxWords = Math.max(this.maxWords, words.length);
  }

  /** The values of every phrase in `text`; at each word the longest phrase wins (a two-word ingredient over its first word). */
  match(text: string): T[] {
    const found: T[] = [];
    for (const span of this.spans(wordsOf(text)))
      for (const v of span.values) if (!found.includes(v)) found.push(v);
    return found;
  }

  /**
   * Where phrases occur in words already split (`wordsOf`-style): each with its values and the
   * word range [start, end). As in `match`, the longest phrase at a position wins and the scan
   * continues after it.
   */
  spans(words: readonly string[]): { values: readonly T[]; start: number; end: number }[] {
    const found: { values: readonly T[]; start: number; end: number }[] = [];
    let i = 0;
    while (i < words.length) {
      let key = '';
      let longest: T[] | undefined;
      let longestLength = 0;
      const limit = Math.min(this.maxWords, words.length - i);
      for (let n = 1; n <= limit; n++) {
        key = n === 1 ? (words[i] ?? '') : `${key} ${words[i + n - 1]}`;
        const values = this.byPhrase.get(key);
        if (values) {
          longest = values;
          longestLength = n;
        }
      }
      if (longest) found.push({ values: longest, start: i, end: i + longestLength });
      i += longestLength || 1;
    }
    return found;
  }

  /**
   * A `match` that remembers each distinct text it has seen: charts repeat the same displays
   * (refills, re-recorded problems). Make one per analysis, so memory ends with it.
   */
  matcher(): (text: string) => readonly T[] {
    const seen = new Map<string, T[]>();
    return (text) => {
      let values = seen.get(text);
      if (!values) {
        values = this.match(text);
        seen.set(text, values);
      }
      return values;
    };
  }
}
