import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '@/lib/cli/analyze-command';
import { analyzeExport, type ExportRequest } from '@/lib/cli/bulk/analyze-export';
import { shardOf } from '@/lib/cli/bulk/shard';
import { type Report, reportSchema } from '@/lib/contracts/report-schema';
import { runCommand, TextSink } from '@/test/support/analyze-cli';
import {
  fixturePatientResources,
  populationResources,
  writeBulkExport,
  writePatientBundles,
} from '@/test/support/bulk-export-fixture';

// The analyze command over Bulk Data export folders: each patient's report is the report of the
// patient's own file, whatever the file layout, chunking, worker count or shard.

const tmp = mkdtempSync(join(tmpdir(), 'bulk-export-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const now = '2026-11-25';
const slow = 120_000;

const lines = (text: string) => text.split('\n').filter((l) => l !== '');
const reportsOf = (text: string): Report[] => lines(text).map((l) => reportSchema.parse(JSON.parse(l)));
const idsOf = (text: string) => reportsOf(text).map((r) => r.patient.reference);

async function runExport(folder: string, options: Partial<ExportRequest> = {}) {
  const out = new TextSink();
  const stderr = new TextSink();
  const outcome = await analyzeExport({
    folder,
    now: new Date(`${now}T00:00:00Z`),
    patientId: null,
    shard: null,
    out,
    stderr,
    summaryCsvFile: null,
    ...options,
  });
  return { ...outcome, stdout: out.text, stderr: stderr.text };
}

// Every fixture patient × 3 copies, not in id order; Observations over three files, Conditions
// gzip-compressed, Claims and Encounters to skip, MedicationRequests naming Medication resources
// in copy 1. (Within a patient, resources keep their order: the order of a report's evidence
// sources follows the chart's.)
const population = populationResources(3);
const exportFolder = join(tmp, 'export');
writeBulkExport(population, exportFolder, { gzip: ['Condition'], split: { Observation: 3 } });
const bundles = writePatientBundles(population, join(tmp, 'bundles'));

describe('a Bulk export gives each patient the report of their own file', () => {
  it(
    'matches one-file-per-patient runs, sorted by patient id, on the command line',
    async () => {
      const result = await runCommand(['--now', now, exportFolder]);
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      const reports = lines(result.stdout);
      expect(reports).toHaveLength(bundles.size);
      const expected = [...bundles.keys()].sort((a, b) => (a < b ? -1 : 1));
      expect(idsOf(result.stdout)).toEqual(expected);
      for (const line of reports) {
        const reference = reportSchema.parse(JSON.parse(line)).patient.reference;
        const own = runAnalyze(['--now', now, bundles.get(reference) ?? ''], { today: () => new Date() });
        expect(JSON.parse(line), reference).toEqual(JSON.parse(own.stdout));
      }
      // The Medication table is used: copy 1 of p10 names haloperidol through a Medication resource.
      const p10 = reportsOf(result.stdout).find((r) => r.patient.reference === 'Patient/p10-c1');
      expect(p10?.flags.medications.map((f) => f.class)).toContain('dopamine-antagonist');
    },
    slow,
  );

  it(
    'gives the same bytes with one worker, and with files cut into 1 KB scan tasks and tiny buckets',
    async () => {
      const two = await runExport(exportFolder, { workers: 2 });
      const one = await runExport(exportFolder, {
        workers: 1,
        sizes: { chunkBytes: 1024, bucketBytes: 1024 },
      });
      expect(two.exitCode).toBe(0);
      expect(one.stdout).toBe(two.stdout);
      expect(lines(two.stdout)).toHaveLength(bundles.size);
    },
    slow,
  );

  it(
    'splits into shards whose union is the whole run, each patient in the shard its id hashes to',
    async () => {
      const whole = await runExport(exportFolder);
      const shards = [];
      for (let index = 0; index < 3; index += 1)
        shards.push(await runExport(exportFolder, { shard: { index, count: 3 } }));
      shards.forEach((shard, index) => {
        expect(shard.exitCode).toBe(0);
        for (const id of idsOf(shard.stdout)) expect(shardOf(id.slice('Patient/'.length), 3)).toBe(index);
        expect(lines(shard.stdout).length).toBeGreaterThan(5);
      });
      const union = shards
        .flatMap((s) => lines(s.stdout))
        .sort((a, b) => {
          const ida = reportSchema.parse(JSON.parse(a)).patient.reference;
          const idb = reportSchema.parse(JSON.parse(b)).patient.reference;
          return ida < idb ? -1 : 1;
        });
      expect(union).toEqual(lines(whole.stdout));
    },
    slow,
  );

  it(
    'prints one patient indented with --patient, and exits 2 for a patient not in the export',
    async () => {
      const one = await runCommand(['--now', now, '--patient', 'Patient/p11-c2', exportFolder]);
      expect(one.exitCode).toBe(0);
      expect(one.stdout).toMatch(/^\{\n {2}"schemaVersion": 1/);
      const own = runAnalyze(['--now', now, bundles.get('Patient/p11-c2') ?? ''], {
        today: () => new Date(),
      });
      expect(one.stdout).toBe(own.stdout);
      const missing = await runCommand(['--now', now, '--patient', 'p99', exportFolder]);
      expect(missing).toEqual({
        stdout: '',
        stderr: `analyze: patient p99 is not in ${exportFolder}\n`,
        exitCode: 2,
      });
    },
    slow,
  );
});

describe("a patient too large for the workers' heap cap", () => {
  it(
    'is analysed again on a worker without the cap, with the same reports',
    async () => {
      const big = join(tmp, 'big-patient');
      const patient = { resourceType: 'Patient', id: 'big', gender: 'female', birthDate: '1950-01-01' };
      const observation = (i: number) => ({
        resourceType: 'Observation',
        id: `big-${i}`,
        status: 'final',
        code: { coding: [{ system: 'urn:example:local', code: `v${i % 50}` }], text: 'Vital sign' },
        subject: { reference: 'Patient/big' },
        effectiveDateTime: '2025-01-01T08:00:00Z',
        valueQuantity: { value: i % 200, unit: 'x' },
      });
      const small = fixturePatientResources(['p12']).filter((r) => JSON.stringify(r).includes('p01'));
      writeBulkExport([patient, ...Array.from({ length: 60_000 }, (_, i) => observation(i)), ...small], big);
      const capped = await runExport(big, { workers: 2, sizes: { heap: { youngMb: 8, oldMb: 40 } } });
      const uncapped = await runExport(big, { workers: 2 });
      expect(capped.exitCode).toBe(0);
      expect(capped.uncappedRetries).toBeGreaterThanOrEqual(1);
      expect(uncapped.uncappedRetries).toBe(0);
      expect(capped.stdout).toBe(uncapped.stdout);
      expect(idsOf(capped.stdout)).toEqual(['Patient/big', 'Patient/p01']);
    },
    slow,
  );
});

describe('the analyze process over an export', () => {
  it(
    'runs its workers under tsx, writes --out and --summary files, and leaves stdout and stderr alone',
    async () => {
      const out = join(tmp, 'process-out.ndjson');
      const csv = join(tmp, 'process-summary.csv');
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'lib/cli/main.ts', '--now', now, '--out', out, '--summary', csv, exportFolder],
        { encoding: 'utf8', timeout: slow },
      );
      expect(child.status).toBe(0);
      expect(child.stdout).toBe('');
      // Not a terminal: no progress bar, only the summary table.
      expect(child.stderr).toMatch(
        new RegExp(`^group +item +count +share\npatients +analysed +${bundles.size}\n`),
      );
      expect(child.stderr).not.toContain('\r');
      const inProcess = await runExport(exportFolder);
      expect(readFileSync(out, 'utf8')).toBe(inProcess.stdout);
      expect(readFileSync(csv, 'utf8')).toMatch(
        new RegExp(`^group,item,count\npatients,analysed,${bundles.size}\n`),
      );
    },
    slow,
  );
});

describe('a damaged export finishes and counts what it skipped', () => {
  const folder = join(tmp, 'damaged');
  const resources = fixturePatientResources(['p12']).filter((r) =>
    ['p04', 'p05', 'p10'].some((id) => JSON.stringify(r).includes(`${id}`)),
  );
  writeBulkExport(resources, folder, { gzip: ['MedicationRequest'] });
  // A line cut after its subject (its patient is known), then a last line cut before it, with no
  // final newline (a truncated file).
  const cutAfterSubject =
    '{"resourceType":"Observation","id":"cut","status":"final","subject":{"reference":"Patient/p05"},"code":{"te';
  const observations = `${readFileSync(join(folder, 'Observation.ndjson'), 'utf8')}${cutAfterSubject}\n`;
  writeFileSync(
    join(folder, 'Observation.ndjson'),
    `${observations}${observations.split('\n')[0]?.slice(0, 40)}`,
  );
  const conditions = readFileSync(join(folder, 'Condition.ndjson'), 'utf8');
  const noId = JSON.stringify({
    resourceType: 'Condition',
    subject: { reference: 'Patient/p04' },
    code: { text: 'leg cramps' },
  });
  writeFileSync(join(folder, 'Condition.ndjson'), `${conditions}this is not JSON\n${noId}\n`);
  // A gzip file cut short, and a Claim line cut short (a type that is never read).
  writeFileSync(
    join(folder, 'Procedure.ndjson.gz'),
    gzipSync(`${'{"resourceType":"Procedure","id":"x"}\n'.repeat(2000)}`).subarray(0, 200),
  );
  writeFileSync(
    join(folder, 'Claim.ndjson'),
    '{"resourceType":"Claim","id":"c1","patient":{"reference":"Patient/p04"}}\n{"resourceType":"Claim","id":"c2","pat',
  );
  const conditionLines = lines(conditions).length;
  const observationLines = lines(observations).length;

  it(
    'reports every patient, quarantines each bad line with its file and line, and writes the counts',
    async () => {
      const csv = join(tmp, 'damaged-summary.csv');
      const result = await runCommand(['--now', now, '--summary', csv, folder]);
      expect(result.exitCode).toBe(0);
      const reports = reportsOf(result.stdout);
      expect(reports.map((r) => r.patient.reference)).toEqual(['Patient/p04', 'Patient/p05', 'Patient/p10']);
      const shared = [
        { reference: `Condition.ndjson line ${conditionLines + 1}`, reason: 'not valid JSON' },
        { reference: `Observation.ndjson line ${observationLines + 1}`, reason: 'not valid JSON' },
        {
          reference: 'Procedure.ndjson.gz',
          reason: expect.stringMatching(/^gzip data ends early or is corrupt/),
        },
      ];
      for (const report of reports) expect(report.quarantined.slice(0, 3)).toEqual(shared);
      // The Condition without an id names its patient: only p04's report lists it.
      expect(reports[0]?.quarantined[3]).toEqual({
        reference: `Condition (no id, Condition.ndjson line ${conditionLines + 2})`,
        reason: expect.stringContaining('id'),
      });
      // The line cut after its subject is p05's, and only p05's.
      expect(reports[1]?.quarantined.slice(3)).toEqual([
        { reference: `Observation.ndjson line ${observationLines}`, reason: 'not valid JSON' },
      ]);
      expect(reports[2]?.quarantined).toHaveLength(3);
      // Medications still come through the gzip file.
      expect(reports[2]?.flags.medications.map((f) => f.class)).toContain('dopamine-antagonist');

      const counts = new Map(
        lines(readFileSync(csv, 'utf8'))
          .slice(1)
          .map((row) => {
            const [group, item, count] = row.split(',');
            return [`${group}/${item}`, Number(count)] as const;
          }),
      );
      expect(counts.get('patients/analysed')).toBe(3);
      expect(counts.get('export/quarantined-unreadable-lines')).toBe(3);
      expect(counts.get('export/files-ended-early')).toBe(1);
      expect(counts.get('export/quarantined-truncated-skipped-lines')).toBe(1);
      expect(counts.get('export/skipped-lines-types-not-read')).toBeGreaterThanOrEqual(1);
      expect(counts.get('quarantined/patients')).toBe(2);
      expect(counts.get('quarantined/resources')).toBe(2);
      expect(result.stderr).toMatch(/^group +item +count +share\n/);
      expect(result.stderr).toMatch(/export +files-ended-early +1/);
    },
    slow,
  );

  it(
    'lists at most 100 export-wide problems in each report, and counts them all',
    async () => {
      const broken = join(tmp, 'broken');
      writeBulkExport(
        fixturePatientResources(['p12']).filter((r) => JSON.stringify(r).includes('p01')),
        broken,
      );
      writeFileSync(join(broken, 'Observation.001.ndjson'), 'garbage\n'.repeat(150));
      const csv = join(tmp, 'broken-summary.csv');
      const result = await runCommand(['--now', now, '--summary', csv, broken]);
      expect(result.exitCode).toBe(0);
      const report = reportSchema.parse(JSON.parse(result.stdout));
      expect(report.quarantined).toHaveLength(101);
      expect(report.quarantined[99]).toEqual({
        reference: 'Observation.001.ndjson line 100',
        reason: 'not valid JSON',
      });
      expect(report.quarantined[100]).toEqual({
        reference: 'export',
        reason: expect.stringMatching(/^50 more lines/),
      });
      expect(readFileSync(csv, 'utf8')).toContain('export,quarantined-unreadable-lines,150\n');
    },
    slow,
  );
});
