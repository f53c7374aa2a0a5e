import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { resourcesFromBundle } from '@/lib/fhir/bundle-input';

// The sandbox's chart data: every FHIR bundle in fhir-fixtures/patients (or SANDBOX_FIXTURES_DIR),
// loaded with the same urn:uuid handling the app uses for files.

export interface FixtureResource {
  resourceType: string;
  id: string;
  [key: string]: unknown;
}

export interface SandboxPatient {
  id: string;
  name: string;
  birthDate?: string;
  gender?: string;
  /** One line from fhir-fixtures/patients/README.md that names the file or the patient id. */
  story: string;
  file: string;
}

export interface FixtureSet {
  resources: FixtureResource[];
  patients: SandboxPatient[];
  /** Files or entries that could not be used, with the reason (shown nowhere but tests and logs). */
  problems: string[];
}

export function fixturesDir(env: Record<string, string | undefined> = process.env): string {
  return (
    env.SANDBOX_FIXTURES_DIR ?? join(/*turbopackIgnore: true*/ process.cwd(), 'fhir-fixtures', 'patients')
  );
}

function isFixtureResource(value: unknown): value is FixtureResource {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.resourceType === 'string' && typeof record.id === 'string' && record.id !== '';
}

function displayName(patient: FixtureResource): string {
  const names = Array.isArray(patient.name) ? patient.name : [];
  for (const name of names) {
    if (typeof name !== 'object' || name === null) continue;
    const n = name as { text?: unknown; given?: unknown; family?: unknown };
    if (typeof n.text === 'string' && n.text.trim()) return n.text.trim();
    const given = Array.isArray(n.given) ? n.given.filter((g) => typeof g === 'string').join(' ') : '';
    const family = typeof n.family === 'string' ? n.family : '';
    const full = `${given} ${family}`.trim();
    if (full) return full;
  }
  return `Patient ${patient.id}`;
}

/** Finds the README line about a fixture: it names the file (with or without .json) or the patient id. */
export function storyFor(readme: string, file: string, patientId: string): string {
  const stem = basename(file, '.json');
  const lines = readme.split('\n');
  const line =
    lines.find((l) => l.includes(`${stem}.json`) || new RegExp(`\\b${escapeRegExp(stem)}\\b`).test(l)) ??
    lines.find((l) => new RegExp(`\\b${escapeRegExp(patientId)}\\b`).test(l));
  if (!line) return '';
  // Table row "| file | story |" or list item "- `file` — story".
  const cells = line
    .split('|')
    .map((c) => c.trim())
    .filter(Boolean);
  const text =
    cells.length > 1
      ? (cells.slice(1).find((c) => !c.includes(stem) && c.length > 12) ?? cells[cells.length - 1] ?? '')
      : line
          .split(/\s[—–:-]\s|:\s/)
          .slice(1)
          .join(' — ') || line;
  return text
    .replace(/[`*_]/g, '')
    .replace(/^[-\s]+/, '')
    .trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function loadFixtures(dir: string = fixturesDir()): FixtureSet {
  const problems: string[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(/*turbopackIgnore: true*/ dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    problems.push(`${dir}: cannot be read`);
  }
  let readme = '';
  try {
    readme = readFileSync(/*turbopackIgnore: true*/ join(dir, 'README.md'), 'utf8');
  } catch {
    // No README: the launcher shows patients without a story.
  }
  const byKey = new Map<string, FixtureResource>();
  const patients: SandboxPatient[] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(/*turbopackIgnore: true*/ join(dir, file), 'utf8'));
    } catch {
      problems.push(`${file}: not JSON`);
      continue;
    }
    const collection = resourcesFromBundle(json);
    for (const p of collection.problems) problems.push(`${file}: ${p.reference}: ${p.reason}`);
    for (const resource of collection.resources) {
      if (!isFixtureResource(resource)) {
        problems.push(`${file}: a resource without resourceType or id was skipped`);
        continue;
      }
      const key = `${resource.resourceType}/${resource.id}`;
      if (byKey.has(key) && resource.resourceType !== 'Medication')
        problems.push(`${file}: ${key} appears twice`);
      byKey.set(key, resource);
      if (resource.resourceType === 'Patient') {
        patients.push({
          id: resource.id,
          name: displayName(resource),
          birthDate: typeof resource.birthDate === 'string' ? resource.birthDate : undefined,
          gender: typeof resource.gender === 'string' ? resource.gender : undefined,
          story: storyFor(readme, file, resource.id),
          file,
        });
      }
    }
  }
  return { resources: [...byKey.values()], patients, problems };
}

/** Whole years between a FHIR date and `now`; undefined when the birth date is missing or partial. */
export function ageInYears(birthDate: string | undefined, now: Date): number | undefined {
  const match = birthDate ? /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate) : null;
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = now.getUTCFullYear() - y;
  if (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d)) age -= 1;
  return age;
}
