import { describe, expect, it } from 'vitest';
import { ageInYears, storyFor } from '@/lib/sandbox/fixtures';
import { grantScopes, scopeAllows } from '@/lib/sandbox/scopes';

describe('scopes the sandbox grants', () => {
  it('keeps context scopes and readable patient scopes, drops writes and unknown types', () => {
    expect(
      grantScopes(
        'launch openid fhirUser online_access patient/Observation.read patient/Condition.write patient/Claim.read user/Patient.read',
      ),
    ).toEqual(['launch', 'openid', 'fhirUser', 'online_access', 'patient/Observation.read']);
  });

  it('narrows v2 permissions to read and search', () => {
    expect(grantScopes('patient/Observation.cruds patient/Patient.r patient/Condition.cud')).toEqual([
      'patient/Observation.rs',
      'patient/Patient.r',
    ]);
  });

  it('tells read from search for v2 scopes, and allows both for v1 and wildcards', () => {
    expect(scopeAllows('patient/Patient.r', 'Patient', 'read')).toBe(true);
    expect(scopeAllows('patient/Patient.r', 'Patient', 'search')).toBe(false);
    expect(scopeAllows('patient/*.read', 'MedicationStatement', 'search')).toBe(true);
    expect(scopeAllows('patient/Observation.read', 'Condition', 'read')).toBe(false);
  });
});

describe('patient stories for the launcher', () => {
  const readme = [
    '| file | story |',
    '|---|---|',
    '| `p01-rls.json` | Coded RLS in a woman taking sertraline. |',
    '- `p02-cramps.json` — Calf cramps at night.',
  ].join('\n');

  it('reads the story from a table row or a list item naming the file', () => {
    expect(storyFor(readme, 'p01-rls.json', 'p01')).toBe('Coded RLS in a woman taking sertraline.');
    expect(storyFor(readme, 'p02-cramps.json', 'p02')).toBe('Calf cramps at night.');
    expect(storyFor(readme, 'p03-none.json', 'p03')).toBe('');
  });

  it('computes age in whole years on the birthday boundary, and none for a missing birth date', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(ageInYears('1960-11-25', now)).toBe(66);
    expect(ageInYears('1960-11-26', now)).toBe(65);
    expect(ageInYears(undefined, now)).toBeUndefined();
  });
});
