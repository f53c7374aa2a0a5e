import { type LongActingInjectable, longActingInjectables } from '../knowledge/medication-timing';
import { PhraseIndex } from './phrase-index';

// Long-acting injectables (clinical spec §2): the end of the dosing interval after a dose, when the
// product's text names one.

const index = (() => {
  const phrases = new PhraseIndex<LongActingInjectable>();
  for (const product of longActingInjectables) phrases.add(product.phrase, product);
  return phrases;
})();

function intervalEnd(doseMs: number, product: LongActingInjectable): number {
  const date = new Date(doseMs);
  if ('weeks' in product.interval) return doseMs + product.interval.weeks * 7 * 24 * 60 * 60 * 1000;
  date.setUTCMonth(date.getUTCMonth() + product.interval.months);
  return date.getTime();
}

/**
 * Epoch ms at which a dose given at `doseMs` stops covering the patient, when any text names a
 * long-acting injectable (the longest interval of those named); null for any other product.
 */
export function longActingIntervalEnd(texts: readonly string[], doseMs: number): number | null {
  let end: number | null = null;
  for (const text of texts) {
    for (const product of index.match(text)) {
      const candidate = intervalEnd(doseMs, product);
      if (end === null || candidate > end) end = candidate;
    }
  }
  return end;
}
