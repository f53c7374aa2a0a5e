import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '@/lib/cli/analyze-command';
import { analyzeExport } from '@/lib/cli/bulk/analyze-export';
import { isRecord } from '@/lib/fhir/json-record';
import { TextSink } from '@/test/support/analyze-cli';

// The 585 real Synthea patients shared with the team as a Bulk Data export (../shared relative to
// the repository root, unpacked here into a temp folder): the export's report for every patient is
// byte for byte the report of a file holding only that patient's resources (Claims and all), and,
// for the four whose original Synthea bundles are shared too, the report of that original bundle.

const root = join(import.meta.dirname, '..', '..', '..');
const samples = join(root, '..', 'shared', 'fhir-samples');
const archive = join(samples, 'synthea-bulk-585.tar.xz');
/** Four of the same patients as Synthea wrote them: one transaction Bundle each, urn:uuid references. */
const originalBundles = join(samples, 'synthea-r4');
const tmp = mkdtempSync(join(tmpdir(), 'synthea-bulk-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const folder = join(tmp, 'bulk');
const now = '2026-11-25';

/** The patient a line of the export is about, read the plain way (not with the reader under test). */
function patientOf(resource: Record<string, unknown>): string | null {
  if (resource.resourceType === 'Patient') return `Patient/${String(resource.id)}`;
  for (const key of ['subject', 'patient', 'beneficiary']) {
    const ref = resource[key];
    if (isRecord(ref) && typeof ref.reference === 'string' && ref.reference.startsWith('Patient/'))
      return ref.reference;
  }
  return null;
}

describe('the 585-patient Synthea Bulk export', () => {
  beforeAll(() => {
    if (!existsSync(archive))
      throw new Error(`the Synthea Bulk archive is missing: ${archive} (../shared next to the repository)`);
    const untar = spawnSync('tar', ['-xJf', archive, '-C', tmp], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`tar could not unpack ${archive}: ${untar.stderr.trim()}`);
  }, 120_000);

  it("gives every patient the report of that patient's own file", async () => {
    const out = new TextSink();
    const outcome = await analyzeExport({
      folder,
      now: new Date(`${now}T00:00:00Z`),
      patientId: null,
      shard: null,
      out,
      stderr: new TextSink(),
      summaryCsvFile: null,
    });
    expect(outcome).toMatchObject({ exitCode: 0 });
    expect(outcome.error).toBeUndefined();
    const fromExport = out.text.split('\n').filter((l) => l !== '');
    expect(fromExport).toHaveLength(585);

    // One Bundle per patient with every line about them, in the export's file and line order.
    const byPatient = new Map<string, string[]>();
    for (const file of readdirSync(folder).sort()) {
      for (const line of readFileSync(join(folder, file), 'utf8').split('\n')) {
        if (line === '') continue;
        const resource: unknown = JSON.parse(line);
        const patient = isRecord(resource) ? patientOf(resource) : null;
        if (patient === null) continue;
        const lines = byPatient.get(patient);
        if (lines) lines.push(line);
        else byPatient.set(patient, [line]);
      }
    }
    expect(byPatient.size).toBe(585);
    const ids = [...byPatient.keys()].sort();
    const originals = readdirSync(originalBundles).filter((f) => f.endsWith('.json'));
    expect(originals).toHaveLength(4);
    for (const file of originals) {
      const own = runAnalyze(['--now', now, join(originalBundles, file)], { today: () => new Date() });
      const patient = String(JSON.parse(own.stdout).patient.reference);
      expect(fromExport[ids.indexOf(patient)], file).toBe(JSON.stringify(JSON.parse(own.stdout)));
    }
    const bundle = join(tmp, 'patient.json');
    ids.forEach((patient, index) => {
      const entries = (byPatient.get(patient) ?? []).map((line) => `{"resource":${line}}`);
      writeFileSync(bundle, `{"resourceType":"Bundle","type":"collection","entry":[${entries.join(',')}]}`);
      byPatient.delete(patient);
      const own = runAnalyze(['--now', now, bundle], { today: () => new Date() });
      expect(own.exitCode).toBe(0);
      expect(fromExport[index], patient).toBe(JSON.stringify(JSON.parse(own.stdout)));
    });
  }, 300_000);
});
