import { describe, expect, it } from 'vitest';
import { PhraseIndex, wordsOf } from '@/lib/features/phrase-index';

describe('PhraseIndex (word-bounded name lookup)', () => {
  const index = new PhraseIndex<string>();
  index.add('alpha', 'A');
  index.add('alpha beta', 'AB');
  index.add('Gamma-Delta', 'GD');

  it('splits text into lower-case words, dropping punctuation', () => {
    expect(wordsOf('Alpha/BETA 100MG, x')).toEqual(['alpha', 'beta', '100mg', 'x']);
  });

  it('prefers the longest phrase at a position', () => {
    expect(index.match('ALPHA beta 10 mg')).toEqual(['AB']);
    expect(index.match('alpha 10 mg')).toEqual(['A']);
  });

  it('matches hyphenated phrases and several phrases in one text, each once', () => {
    expect(index.match('gamma delta / alpha / gamma-delta')).toEqual(['GD', 'A']);
  });

  it('does not match inside a longer word', () => {
    expect(index.match('alphabet betagamma')).toEqual([]);
  });
});
