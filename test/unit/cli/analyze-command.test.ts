import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '@/lib/cli/analyze-command';
import { type Report, reportSchema } from '@/lib/contracts/report-schema';
import { runCommand } from '@/test/support/analyze-cli';
import { sharedPath } from '../../support/repo-paths';

const fixtures = join(process.cwd(), 'fhir-fixtures/patients');
const fixture = (id: string) => {
  const file = readdirSync(fixtures).find((f) => f.startsWith(`${id}-`));
  if (!file) throw new Error(`no fixture ${id}`);
  return join(fixtures, file);
};
const env = { today: () => new Date('2026-11-25T09:30:00Z') };
const tmp = mkdtempSync(join(tmpdir(), 'analyze-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(...argv: string[]) {
  return runAnalyze(argv, env);
}
function parseReport(text: string): Report {
  return reportSchema.parse(JSON.parse(text));
}
function resourcesOf(id: string): Record<string, unknown>[] {
  const bundle = JSON.parse(readFileSync(fixture(id), 'utf8')) as {
    entry: { resource?: Record<string, unknown> }[];
  };
  return bundle.entry.flatMap((e) => (e.resource ? [e.resource] : []));
}
/** Writes resources as a Bulk Data export folder: one NDJSON file per resource type. */
function writeExport(
  name: string,
  resources: Record<string, unknown>[],
  extraLines: Record<string, string[]> = {},
) {
  const folder = join(tmp, name);
  mkdirSync(folder);
  const byType = new Map<string, string[]>();
  for (const r of resources) {
    const type = String(r.resourceType);
    byType.set(type, [...(byType.get(type) ?? []), JSON.stringify(r)]);
  }
  for (const [type, lines] of Object.entries(extraLines))
    byType.set(type, [...(byType.get(type) ?? []), ...lines]);
  for (const [type, lines] of byType) writeFileSync(join(folder, `${type}.ndjson`), `${lines.join('\n')}\n`);
  return folder;
}

describe('analyze: a Bundle file', () => {
  it('prints one indented report for the one patient in a bundle, flagging sertraline as an SSRI', () => {
    const result = run('--now', '2026-11-25', fixture('p01'));
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^\{\n {2}"schemaVersion": 1/);
    const report = parseReport(result.stdout);
    expect(report.patient.reference).toBe('Patient/p01');
    expect(report.generatedAt).toBe('2026-11-25T00:00:00.000Z');
    expect(report.flags.medications.map((f) => f.class)).toEqual(['ssri']);
  });

  it('uses today when --now is not given', () => {
    expect(parseReport(run(fixture('p01')).stdout).generatedAt).toBe('2026-11-25T09:30:00.000Z');
  });

  it('accepts --now=DATE and reads "recent" against it: citalopram stopped 2026-09-10 is past by 2027-06-01', () => {
    const later = parseReport(run('--now=2027-06-01', fixture('p14')).stdout);
    expect(later.flags.medications.map((f) => f.ingredient)).not.toContain('citalopram');
  });

  it('resolves urn:uuid references in a bundle', () => {
    expect(parseReport(run('--now', '2026-11-25', fixture('p02')).stdout).flags.iron.sources).toEqual([
      'Observation/p02-ferritin-1',
    ]);
  });

  it('quarantines malformed resources and still reports the patient', () => {
    const report = parseReport(run('--now', '2026-11-25', fixture('p12')).stdout);
    expect(report.quarantined).toHaveLength(4);
    expect(report.flags.medications.map((f) => f.class)).toEqual(['lithium']);
  });

  it('applies bedside findings from --findings', () => {
    const file = join(tmp, 'findings.json');
    writeFileSync(
      file,
      JSON.stringify({
        'urge-to-move': 'yes',
        'rest-induced': 'yes',
        'relief-by-movement': 'yes',
        'evening-worsening': 'yes',
      }),
    );
    const report = parseReport(run('--now', '2026-11-25', '--findings', file, fixture('p15')).stdout);
    expect(report.candidates[0]).toMatchObject({ id: 'rls', tier: 'likely' });
  });

  it('analyses a lone Patient resource (an empty chart)', () => {
    const file = join(tmp, 'patient.json');
    writeFileSync(file, JSON.stringify({ resourceType: 'Patient', id: 'solo', gender: 'female' }));
    const report = parseReport(run('--now', '2026-11-25', file).stdout);
    expect(report.patient).toEqual({ reference: 'Patient/solo', ageYears: null, sex: 'female' });
    expect(report.flags.iron.status).toBe('missing');
  });
});

describe('analyze: several patients and NDJSON folders', () => {
  const twoPatients = () => {
    const file = join(tmp, `two-${Math.random().toString(36).slice(2)}.json`);
    const entry = [...resourcesOf('p01'), ...resourcesOf('p10')].map((resource) => ({ resource }));
    writeFileSync(file, JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry }));
    return file;
  };

  it('prints one compact report per line (NDJSON) when the input holds several patients', () => {
    const result = run('--now', '2026-11-25', twoPatients());
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => parseReport(l).patient.reference)).toEqual(['Patient/p01', 'Patient/p10']);
  });

  it('selects one patient with --patient (id or Patient/id) and prints it indented', () => {
    const file = twoPatients();
    for (const id of ['p10', 'Patient/p10']) {
      const result = run('--now', '2026-11-25', '--patient', id, file);
      expect(result.exitCode).toBe(0);
      const report = parseReport(result.stdout);
      expect(report.patient.reference).toBe('Patient/p10');
      expect(report.candidates[0]?.id).toBe('akathisia');
    }
  });

  it('reads a Bulk Data export folder (one NDJSON file per type) like the bundle', async () => {
    const folder = writeExport('export-p11', resourcesOf('p11'));
    const fromFolder = parseReport((await runCommand(['--now', '2026-11-25', folder])).stdout);
    const fromBundle = parseReport(run('--now', '2026-11-25', fixture('p11')).stdout);
    expect(fromFolder).toEqual(fromBundle);
    expect(fromFolder.flags.medications.map((f) => f.ingredient)).toEqual(['paroxetine', 'diphenhydramine']);
  }, 60_000);

  it('reads MedicationAdministration.ndjson from an export: the ED doses of p23 are recent flags', async () => {
    const folder = writeExport('export-p23', resourcesOf('p23'));
    const fromFolder = parseReport((await runCommand(['--now', '2026-11-25', folder])).stdout);
    expect(fromFolder).toEqual(parseReport(run('--now', '2026-11-25', fixture('p23')).stdout));
    expect(fromFolder.flags.medications.map((f) => [f.ingredient, f.status, f.basis])).toEqual([
      ['droperidol', 'recent', 'administration'],
      ['metoclopramide', 'recent', 'administration'],
      ['diphenhydramine', 'recent', 'administration'],
    ]);
  });

  it('reads a multi-patient export as NDJSON output, quarantining bad lines instead of failing', async () => {
    const folder = writeExport('export-many', [...resourcesOf('p04'), ...resourcesOf('p05')], {
      Observation: ['{not json', '[1,2]'],
    });
    const result = await runCommand(['--now', '2026-11-25', folder]);
    expect(result.exitCode).toBe(0);
    const reports = result.stdout.trimEnd().split('\n').map(parseReport);
    expect(reports.map((r) => r.patient.reference)).toEqual(['Patient/p04', 'Patient/p05']);
    expect(reports[0]?.quarantined).toEqual([
      { reference: 'Observation.ndjson line 5', reason: 'not valid JSON' },
      { reference: 'Observation.ndjson line 6', reason: 'not a FHIR resource' },
    ]);
  }, 60_000);
});

describe('analyze: bad arguments and unreadable inputs exit 2 with one line', () => {
  const notJson = join(tmp, 'not-json.json');
  const notFhir = join(tmp, 'not-fhir.json');
  const noPatient = join(tmp, 'no-patient.json');
  const badFindings = join(tmp, 'bad-findings.json');
  const emptyFolder = join(tmp, 'empty-folder');
  writeFileSync(notJson, 'this is not json');
  writeFileSync(notFhir, JSON.stringify({ hello: 'world' }));
  writeFileSync(noPatient, JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [] }));
  writeFileSync(badFindings, JSON.stringify({ 'urge-to-move': 'maybe' }));
  mkdirSync(emptyFolder);

  it.each([
    ['a missing file', [join(tmp, 'missing.json')], /does not exist/],
    ['a file that is not JSON', [notJson], /not valid JSON/],
    ['JSON that is not FHIR', [notFhir], /not a FHIR resource or Bundle/],
    ['a bundle without a patient', [noPatient], /no patient found/],
    ['no INPUT', [], /missing INPUT/],
    ['two INPUTs', [fixture('p01'), fixture('p02')], /exactly one INPUT/],
    ['an unknown option', ['--verbose', fixture('p01')], /unknown option --verbose/],
    ['--now without a value', [fixture('p01'), '--now'], /--now needs a value/],
    ['an impossible --now date', ['--now', '2026-02-30', fixture('p01')], /--now must be a date/],
    ['--now that is not a date', ['--now', 'yesterday', fixture('p01')], /--now must be a date/],
    [
      'an invalid findings answer',
      ['--findings', badFindings, fixture('p01')],
      /findings file .* is invalid at "urge-to-move"/,
    ],
    [
      'an unknown finding id',
      ['--findings', notFhir, fixture('p01')],
      /findings file .* is invalid: unknown finding "hello"/,
    ],
    [
      'a findings file that is not JSON',
      ['--findings', notJson, fixture('p01')],
      /findings file .* not valid JSON/,
    ],
    [
      'a missing findings file',
      ['--findings', join(tmp, 'nope.json'), fixture('p01')],
      /findings file .* cannot be read/,
    ],
    ['an unknown --patient', ['--patient', 'p99', fixture('p01')], /patient p99 is not in/],
  ])('exits 2 on %s', (_story, argv, message) => {
    const result = run(...argv);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^analyze: /);
  });

  it('exits 2 on a folder without NDJSON files', async () => {
    const result = await runCommand([emptyFolder]);
    expect(result).toEqual({
      stdout: '',
      stderr: expect.stringMatching(/^analyze: no \.ndjson files/),
      exitCode: 2,
    });
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  }, 60_000);

  it('documents every option and finding id in --help, exit 0', () => {
    const result = run('--help');
    expect(result.exitCode).toBe(0);
    for (const text of [
      '--now',
      '--findings',
      '--patient',
      'NDJSON',
      'urge-to-move',
      'relief-position-change',
      'Exit codes',
    ]) {
      expect(result.stdout).toContain(text);
    }
    expect(run('-h', 'whatever').exitCode).toBe(0);
  });
});

describe('analyze: the process entry (lib/cli/main.ts)', () => {
  const main = (...argv: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', ...argv], {
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('prints the report and exits 0, or one line on stderr and exit 2', () => {
    const ok = main('--now', '2026-11-25', fixture('p03'));
    expect(ok.status).toBe(0);
    expect(parseReport(ok.stdout).candidates[0]?.id).toBe('plms');
    const bad = main(join(tmp, 'missing.json'));
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^analyze: .*does not exist$/)]);
  }, 60_000);
});

// The four real Synthea R4 bundles shared with the team, read in place from ../shared (read-only,
// not copied into the repo); absent, the tests fail saying so.

describe('analyze: the real Synthea bundles', () => {
  const cases = [
    // Deceased in 1994: the sertraline order left open is not a drug he is on.
    ['Gilberto', [], null],
    ['Milan', ['ssri:fluoxetine'], null],
    ['Blair', ['sedating-antihistamine:diphenhydramine'], null],
    ['Renato', ['sedating-antihistamine:diphenhydramine'], 'peripheral-neuropathy'],
  ] as const;

  it.each(cases)('%s: flags %j, ferritin missing', (name, expected, likelyCandidate) => {
    const synthea = sharedPath('fhir-samples', 'synthea-r4');
    const file = readdirSync(synthea).find((f) => f.startsWith(`${name}_`));
    expect(file).toBeDefined();
    const result = run('--now', '2026-11-25', join(synthea, file ?? ''));
    expect(result.exitCode).toBe(0);
    const report = parseReport(result.stdout);
    expect(report.flags.medications.map((f) => `${f.class}:${f.ingredient}`)).toEqual(expected);
    expect(report.flags.iron.status).toBe('missing');
    expect(report.checklist.find((c) => c.id === 'ferritin')?.state).toBe('due');
    if (likelyCandidate) {
      expect(report.candidates.find((c) => c.id === likelyCandidate)?.tier).toBe('likely');
    }
  });
});
