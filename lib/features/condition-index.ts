import type { ConditionGroupId } from '../contracts/ids';
import { ICD10CM, icd10Systems, SNOMED } from '../knowledge/code-systems';
import { conditionValueSets } from '../knowledge/conditions';
import { PhraseIndex } from './phrase-index';

// Lookup tables built once from the condition value sets in lib/knowledge.

type MatchedBy = 'snomed' | 'icd10' | 'text';

const noGroups: readonly ConditionGroupId[] = [];
const noCodings: readonly fhir4.Coding[] = [];

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
    for (const group of groupsByIcdPrefix.get(normalised.slice(0, length)) ?? noGroups) {
      if (!groups.includes(group)) groups.push(group);
    }
  }
  return groups;
}

const rank: Record<MatchedBy, number> = { snomed: 3, icd10: 2, text: 1 };

export type TextMatcher = (text: string) => readonly ConditionGroupId[];

/** Text and ICD-10-CM lookups for one analysis: each remembers the texts or codes it has seen. */
export interface ConditionMatcher {
  text: TextMatcher;
  icd10: (code: string) => readonly ConditionGroupId[];
}

export function conditionMatcher(): ConditionMatcher {
  // Charts repeat codes (re-recorded problems, encounter diagnoses): each is normalised once.
  const seen = new Map<string, ConditionGroupId[]>();
  const icd10 = (code: string) => {
    let groups = seen.get(code);
    if (!groups) {
      groups = groupsForIcd10(code);
      seen.set(code, groups);
    }
    return groups;
  };
  return { text: groupsByText.matcher(), icd10 };
}

type Found = Map<ConditionGroupId, MatchedBy>;

function note(found: Found | null, groups: readonly ConditionGroupId[], by: MatchedBy): Found | null {
  let result = found;
  for (const group of groups) {
    result ??= new Map();
    const existing = result.get(group);
    if (!existing || rank[by] > rank[existing]) result.set(group, by);
  }
  return result;
}

/**
 * Every group a condition's code matches, with the strongest way it matched; null when it matches
 * none (most conditions of a chart), so nothing is built for them.
 */
export function conditionGroupsOf(
  code: fhir4.CodeableConcept | undefined,
  matcher: ConditionMatcher = conditionMatcher(),
): Found | null {
  let found: Found | null = null;
  const codings = code?.coding ?? noCodings;
  for (const coding of codings) {
    if (!coding.code || !coding.system) continue;
    if (coding.system === SNOMED) found = note(found, groupsBySnomed.get(coding.code) ?? noGroups, 'snomed');
    else if (coding.system === ICD10CM || icd10Systems.includes(coding.system)) {
      found = note(found, matcher.icd10(coding.code), 'icd10');
    }
  }
  if (code?.text) found = note(found, matcher.text(code.text), 'text');
  for (const coding of codings) if (coding.display) found = note(found, matcher.text(coding.display), 'text');
  return found;
}
