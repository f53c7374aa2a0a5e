import type { ConditionGroupId } from '../contracts/ids';
import { ICD10CM, icd10Systems, SNOMED } from '../knowledge/code-systems';
import { conditionValueSets, symptomCodes } from '../knowledge/conditions';
import { type NameCue, type NamesInText, namesMatcher, strongerCue } from './condition-names';

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

/** Prefix tables: every leading substring of a code is one Map lookup. */
class PrefixTable {
  private readonly byPrefix = new Map<string, ConditionGroupId[]>();
  private longest = 1;

  add(prefix: string, group: ConditionGroupId): void {
    const normalised = normaliseIcd10(prefix);
    addTo(this.byPrefix, normalised, group);
    this.longest = Math.max(this.longest, normalised.length);
  }

  /** Groups of every prefix of the (normalised) code. */
  groups(normalised: string): ConditionGroupId[] {
    const groups: ConditionGroupId[] = [];
    for (let length = 1; length <= Math.min(normalised.length, this.longest); length++) {
      for (const group of this.byPrefix.get(normalised.slice(0, length)) ?? noGroups) {
        if (!groups.includes(group)) groups.push(group);
      }
    }
    return groups;
  }
}

const groupsBySnomed = new Map<string, ConditionGroupId[]>();
const symptomGroupsBySnomed = new Map<string, ConditionGroupId[]>();
const excludedBySnomed = new Map<string, ConditionGroupId[]>();
const diagnosisPrefixes = new PrefixTable();
const excludedPrefixes = new PrefixTable();
const symptomPrefixes = new PrefixTable();
for (const set of conditionValueSets) {
  for (const code of set.snomed) addTo(groupsBySnomed, code, set.group);
  for (const code of set.symptomSnomed ?? []) addTo(symptomGroupsBySnomed, code, set.group);
  for (const code of set.snomedExcluded ?? []) addTo(excludedBySnomed, code, set.group);
  for (const prefix of set.icd10Prefixes) diagnosisPrefixes.add(prefix, set.group);
  for (const prefix of set.icd10Excluded ?? []) excludedPrefixes.add(prefix, set.group);
  for (const prefix of set.symptomIcd10Prefixes ?? []) symptomPrefixes.add(prefix, set.group);
}
const symptomSnomed = new Set<string>(symptomCodes.snomed);
const anySymptomPrefix = normaliseIcd10Prefixes(symptomCodes.icd10Prefixes);

function normaliseIcd10Prefixes(prefixes: readonly string[]): string[] {
  return prefixes.map(normaliseIcd10);
}

/** What one ICD-10-CM code says: diagnosis groups (exclusions applied), symptom groups, vetoes. */
interface IcdReading {
  diagnosis: readonly ConditionGroupId[];
  symptom: readonly ConditionGroupId[];
  /** Groups this code is explicitly not (its names on this condition do not count either). */
  excluded: readonly ConditionGroupId[];
  isSymptomCode: boolean;
}

function readIcd10(code: string): IcdReading {
  const normalised = normaliseIcd10(code);
  const excluded = excludedPrefixes.groups(normalised);
  return {
    diagnosis: diagnosisPrefixes.groups(normalised).filter((g) => !excluded.includes(g)),
    symptom: symptomPrefixes.groups(normalised),
    excluded,
    isSymptomCode: anySymptomPrefix.some((prefix) => normalised.startsWith(prefix)),
  };
}

/** Name and ICD-10-CM lookups for one analysis: each remembers the texts or codes it has seen. */
export interface ConditionMatcher {
  text: (text: string) => NamesInText;
  icd10: (code: string) => IcdReading;
}

export function conditionMatcher(): ConditionMatcher {
  // Charts repeat codes (re-recorded problems, encounter diagnoses): each is normalised once.
  const seen = new Map<string, IcdReading>();
  const icd10 = (code: string) => {
    let reading = seen.get(code);
    if (!reading) {
      reading = readIcd10(code);
      seen.set(code, reading);
    }
    return reading;
  };
  return { text: namesMatcher(), icd10 };
}

/** How a condition falls in one group. */
export interface GroupMatch {
  /** The strongest way it matched: a SNOMED CT code, an ICD-10-CM code, or its name. */
  matchedBy: MatchedBy;
  /** Charted with a symptom code and matched to this group by no diagnosis code (spec §1). */
  symptom: boolean;
  /** What its text says about this group: a rule-out, a "history of", or as charted. */
  cue: Exclude<NameCue, 'denied'>;
}

const rank: Record<MatchedBy, number> = { snomed: 3, icd10: 2, text: 1 };

interface Collected {
  by: MatchedBy;
  diagnosisCode: boolean;
}

function note(
  found: Map<ConditionGroupId, Collected> | null,
  groups: readonly ConditionGroupId[] | undefined,
  by: MatchedBy,
  diagnosisCode: boolean,
): Map<ConditionGroupId, Collected> | null {
  if (!groups || groups.length === 0) return found;
  const result = found ?? new Map<ConditionGroupId, Collected>();
  for (const group of groups) {
    const existing = result.get(group);
    if (!existing) result.set(group, { by, diagnosisCode });
    else {
      if (rank[by] > rank[existing.by]) existing.by = by;
      existing.diagnosisCode ||= diagnosisCode;
    }
  }
  return result;
}

/**
 * Every group a condition's code or name matches, with how; null when it matches none (most
 * conditions of a chart), so nothing is built for them. A name that is denied ("no history of
 * restless legs", "family history of RLS") takes its group out, even one its code matched.
 */
export function conditionGroupsOf(
  code: fhir4.CodeableConcept | undefined,
  matcher: ConditionMatcher = conditionMatcher(),
): Map<ConditionGroupId, GroupMatch> | null {
  const codings = code?.coding ?? noCodings;
  let found: Map<ConditionGroupId, Collected> | null = null;
  let vetoed: ConditionGroupId[] | null = null;
  let symptomCoded = false;
  for (const coding of codings) {
    if (!coding.code || !coding.system) continue;
    if (coding.system === SNOMED) {
      const diagnosis = groupsBySnomed.get(coding.code);
      const symptom = symptomGroupsBySnomed.get(coding.code);
      const excluded = excludedBySnomed.get(coding.code);
      if (symptomSnomed.has(coding.code)) symptomCoded = true;
      found = note(found, diagnosis, 'snomed', true);
      found = note(found, symptom, 'snomed', false);
      if (excluded) vetoed = [...(vetoed ?? []), ...excluded];
    } else if (coding.system === ICD10CM || icd10Systems.includes(coding.system)) {
      const reading = matcher.icd10(coding.code);
      if (reading.isSymptomCode) symptomCoded = true;
      found = note(found, reading.diagnosis, 'icd10', true);
      found = note(found, reading.symptom, 'icd10', false);
      if (reading.excluded.length > 0) vetoed = [...(vetoed ?? []), ...reading.excluded];
    }
  }

  // Names in the text and in every display; the strongest cue per group across them.
  let named: Map<ConditionGroupId, NameCue> | null = null;
  let leadingCue: NameCue = 'affirmed';
  for (let i = -1; i < codings.length; i++) {
    const text = i < 0 ? code?.text : codings[i]?.display;
    if (!text) continue;
    const names = matcher.text(text);
    leadingCue = strongerCue(leadingCue, names.leadingCue);
    for (const [group, cue] of names.named) {
      if (vetoed?.includes(group)) continue;
      named ??= new Map();
      const seen = named.get(group);
      named.set(group, seen ? strongerCue(seen, cue) : cue);
    }
  }
  if (named) found = note(found, [...named.keys()], 'text', false);
  if (!found) return null;

  const result = new Map<ConditionGroupId, GroupMatch>();
  for (const [group, collected] of found) {
    const cue = strongerCue(named?.get(group) ?? 'affirmed', leadingCue);
    if (cue === 'denied') continue;
    result.set(group, {
      matchedBy: collected.by,
      symptom: symptomCoded && !collected.diagnosisCode,
      cue,
    });
  }
  return result.size > 0 ? result : null;
}
