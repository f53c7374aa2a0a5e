import type { ConditionGroupId } from '../contracts/ids';
import { conditionNameCues, conditionValueSets } from '../knowledge/conditions';
import { PhraseIndex } from './phrase-index';

// Condition names in free text (clinical spec §4): a problem-list entry with a local code and only a
// name ("Willis-Ekbom disease", "r/o PAD", "No history of restless legs"). Names are found on word
// boundaries, case-insensitive, clause by clause; a cue in the same clause says how the name counts.
// Tables (names, exclusions, cues) are in lib/knowledge/conditions.ts.

/**
 * - affirmed: the name as charted
 * - denied: negated ("no", "denies", "negative for", "ruled out") or someone else's (family history)
 * - rule-out: "r/o", "rule out" and the like: provisional
 * - history: "history of": a past condition
 */
export type NameCue = 'affirmed' | 'denied' | 'rule-out' | 'history';

/** When a text gives one group two cues, the strongest counts (a denial over a bare mention). */
const cueRank: Record<NameCue, number> = { denied: 3, 'rule-out': 2, history: 1, affirmed: 0 };

export function strongerCue(a: NameCue, b: NameCue): NameCue {
  return cueRank[b] > cueRank[a] ? b : a;
}

export interface NamesInText {
  /** Groups named in the text, each with its cue. */
  named: ReadonlyMap<ConditionGroupId, NameCue>;
  /** A cue that opens a text naming no group ("Rule out", "History of"): it qualifies the codes. */
  leadingCue: NameCue;
}

// A colon does not end a clause: "Ruled out: RLS", "RLS: ruled out" keep their cue.
const punctuation = new Set(['.', ';', ',', '(', ')', '[', ']', '!', '?', '\n']);
const tokenPattern = /[\p{L}\p{N}]+(?:\/[\p{L}\p{N}]+)*|[.;,()[\]!?\n]/gu;
const clauseBreaks = new Set<string>(conditionNameCues.clauseBreaks);

type Phrase = readonly string[];

function rawTokens(text: string): string[] {
  return text.toLowerCase().match(tokenPattern) ?? [];
}

const cuePhrases = (list: readonly string[]): Phrase[] => list.map(rawTokens);
const negationBefore = cuePhrases(conditionNameCues.negationBefore);
const negationAfter = cuePhrases(conditionNameCues.negationAfter);
const ruleOutBefore = cuePhrases(conditionNameCues.ruleOutBefore);
const notThePatientBefore = cuePhrases(conditionNameCues.notThePatientBefore);
const historyBefore = cuePhrases(conditionNameCues.historyBefore);
const historyAfter = cuePhrases(conditionNameCues.historyAfter);
/** Cue words written with a slash ("r/o", "h/o") stay whole; any other "a/b" is two words. */
const slashWords = new Set(
  [negationBefore, ruleOutBefore, notThePatientBefore, historyBefore].flat(2).filter((w) => w.includes('/')),
);

/** Lower-case words, clause by clause (punctuation and "but"-like words end a clause). */
export function clausesOf(text: string): string[][] {
  const clauses: string[][] = [];
  let clause: string[] = [];
  for (const token of rawTokens(text)) {
    if (punctuation.has(token) || clauseBreaks.has(token)) {
      if (clause.length > 0) clauses.push(clause);
      clause = [];
    } else if (token.includes('/') && !slashWords.has(token)) clause.push(...token.split('/'));
    else clause.push(token);
  }
  if (clause.length > 0) clauses.push(clause);
  return clauses;
}

/** Whether `phrase` occurs in words[from, to). */
function occursIn(words: readonly string[], phrase: Phrase, from: number, to: number): boolean {
  const start = Math.max(0, from);
  for (let i = start; i + phrase.length <= to; i++) {
    let all = true;
    for (let j = 0; j < phrase.length && all; j++) all = words[i + j] === phrase[j];
    if (all) return true;
  }
  return false;
}

const anyOccursIn = (words: readonly string[], phrases: readonly Phrase[], from: number, to: number) =>
  phrases.some((phrase) => occursIn(words, phrase, from, to));

const opensWith = (words: readonly string[] | undefined, phrases: readonly Phrase[]) =>
  words !== undefined && phrases.some((phrase) => occursIn(words, phrase, 0, phrase.length));

/**
 * The cue of the name at words[start, end): before it in its clause, or just after it, in its clause
 * or opening the next one (`next`): "RLS ruled out", "RLS, resolved".
 */
function cueOf(
  words: readonly string[],
  start: number,
  end: number,
  next: readonly string[] | undefined,
): NameCue {
  const from = start - conditionNameCues.cueWindowWords;
  const after = (phrases: readonly Phrase[]) =>
    anyOccursIn(words, phrases, end, end + 3) || (end === words.length && opensWith(next, phrases));
  if (anyOccursIn(words, negationBefore, from, start) || anyOccursIn(words, notThePatientBefore, from, start))
    return 'denied';
  if (after(negationAfter)) return 'denied';
  if (anyOccursIn(words, ruleOutBefore, from, start)) return 'rule-out';
  if (anyOccursIn(words, historyBefore, from, start) || after(historyAfter)) return 'history';
  return 'affirmed';
}

function openingCue(words: readonly string[]): NameCue {
  if (opensWith(words, negationBefore) || opensWith(words, notThePatientBefore)) return 'denied';
  if (opensWith(words, ruleOutBefore)) return 'rule-out';
  if (opensWith(words, historyBefore)) return 'history';
  return 'affirmed';
}

const names = new PhraseIndex<ConditionGroupId>();
const exclusions = new Map<ConditionGroupId, Phrase[]>();
for (const set of conditionValueSets) {
  for (const name of set.names) names.add(name, set.group);
  if (set.nameExclusions) exclusions.set(set.group, cuePhrases(set.nameExclusions));
}

/** The groups a text names, each with its cue; groups whose exclusion words share the clause are left out. */
export function namesInText(text: string): NamesInText {
  const named = new Map<ConditionGroupId, NameCue>();
  const clauses = clausesOf(text);
  for (let c = 0; c < clauses.length; c++) {
    const words = clauses[c] ?? [];
    for (const span of names.spans(words)) {
      const cue = cueOf(words, span.start, span.end, clauses[c + 1]);
      for (const group of span.values) {
        const excluded = exclusions.get(group);
        if (excluded && anyOccursIn(words, excluded, 0, words.length)) continue;
        const seen = named.get(group);
        named.set(group, seen ? strongerCue(seen, cue) : cue);
      }
    }
  }
  // "Rule out" or "History of" before a name qualifies that name; before none, it qualifies the codes.
  const first = clauses[0];
  const leadingCue = first && named.size === 0 ? openingCue(first) : 'affirmed';
  return { named, leadingCue };
}

/** A `namesInText` that remembers each distinct text (charts repeat displays): one per analysis. */
export function namesMatcher(): (text: string) => NamesInText {
  const seen = new Map<string, NamesInText>();
  return (text) => {
    let found = seen.get(text);
    if (!found) {
      found = namesInText(text);
      seen.set(text, found);
    }
    return found;
  };
}
