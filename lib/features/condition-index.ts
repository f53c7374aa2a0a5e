import { ICD10CM, icd10Systems, SNOMED } from '../knowledge/code-systems';
import { conditionValueSets } from '../knowledge/conditions';
import type { ConditionGroupId } from '../knowledge/ids';
import { PhraseIndex } from './phrase-index';

// Lookup tables built once from the condition value sets in lib/knowledge.

type MatchedBy = 'snomed' | 'icd10' | 'text';

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** ICD-10 codes compared without dots, upper case: "M48.062" and "M48062" both read "M48062". */
export function normaliseIcd10(code: string): string {
  return code.replace(/\./g, '').trim().toUpperCase();
}

const groupsBySnomed = new Map<string, ConditionGroupId[]>();
const groupsByIcdPrefix = new Map<string, ConditionGroupId[]>();
const groupsByText = new PhraseIndex<ConditionGroupId>();
let longestPrefix = 1;
for (const set of conditionValueSets) {
  for (const code of set.snomed) addTo(groupsBySnomed, code, set.group);
  for (const prefix of set.icd10Prefixes) {
    const normalised = normaliseIcd10(prefix);
    addTo(groupsByIcdPrefix, normalised, set.group);
    longestPrefix = Math.max(longestPrefix, normalised.length);
  }
  for (const pattern of set.textPatterns ?? []) groupsByText.add(pattern, set.group);
}

/** Groups a code matches by prefix: every leading substring is one Map lookup. */
function groupsForIcd10(code: string): ConditionGroupId[] {
  const normalised = normaliseIcd10(code);
  const groups: ConditionGroupId[] = [];
  for (let length = 1; length <= Math.min(normalised.length, longestPrefix); length++) {
    for (const group of groupsByIcdPrefix.get(normalised.slice(0, length)) ?? []) {
      if (!groups.includes(group)) groups.push(group);
    }
  }
  return groups;
}

const rank: Record<MatchedBy, number> = { snomed: 3, icd10: 2, text: 1 };

export type TextMatcher = (text: string) => readonly ConditionGroupId[];

/** A text matcher for one analysis (it remembers the texts it has seen). */
export function conditionTextMatcher(): TextMatcher {
  return groupsByText.matcher();
}

/** Every group a condition's code matches, with the strongest way it matched. */
export function conditionGroupsOf(
  code: fhir4.CodeableConcept | undefined,
  matchText: TextMatcher = conditionTextMatcher(),
): Map<ConditionGroupId, MatchedBy> {
  const found = new Map<ConditionGroupId, MatchedBy>();
  const note = (group: ConditionGroupId, by: MatchedBy) => {
    const existing = found.get(group);
    if (!existing || rank[by] > rank[existing]) found.set(group, by);
  };
  for (const coding of code?.coding ?? []) {
    if (!coding.code || !coding.system) continue;
    if (coding.system === SNOMED) for (const g of groupsBySnomed.get(coding.code) ?? []) note(g, 'snomed');
    else if (coding.system === ICD10CM || icd10Systems.includes(coding.system)) {
      for (const g of groupsForIcd10(coding.code)) note(g, 'icd10');
    }
  }
  const texts = [code?.text, ...(code?.coding ?? []).map((c) => c.display)];
  for (const text of texts) {
    if (text) for (const g of matchText(text)) note(g, 'text');
  }
  return found;
}
