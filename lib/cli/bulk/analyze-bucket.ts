import { appendFileSync, writeFileSync } from 'node:fs';
import type { QuarantinedResource } from '../../contracts/chart-snapshot';
import type { BedsideFindingsInput } from '../../contracts/ids';
import { analyzeChart } from '../../differential/analyze-chart';
import { snapshotsFromResources } from '../../fhir/bundle-input';
import { isRecord } from '../../fhir/json-record';
import { parseChartResource } from '../../fhir/parse-chart';
import { medicationReferencesOf, ownerOf } from './line-routing';
import { emptyPopulationTally, type PopulationTally, tallyReport } from './population-summary';
import { readBucket, type SpooledLine } from './spool';

// Phase 2 of a Bulk analysis, run on a worker for one bucket: the bucket's lines are grouped by
// patient, and each patient's resources (plus the shared Medications they reference) go through
// the same snapshotsFromResources → analyzeChart as a one-patient file, so a report from an export
// is the report of that patient's own file. Reports are written sorted by patient id.

export interface AnalysisContext {
  spoolDir: string;
  writers: number;
  /** File name and first line number of every scan task, to name a line "Observation.ndjson line 12". */
  taskFiles: string[];
  taskFirstLines: number[];
  /** Shared resources ("Medication/x" → its JSON line). */
  shared: [string, string][];
  /** Lines and resources of the export that belong to no one patient: in every report. */
  exportProblems: QuarantinedResource[];
  /** The export has no Patient resources: every subject is a patient (as for a file). */
  subjectsArePatients: boolean;
  now: string;
  findings?: BedsideFindingsInput;
}

export interface BucketResult {
  bucket: number;
  reportFile: string;
  tally: PopulationTally;
  /** Resources whose Patient is not in the export (left out, like in a file with Patient resources). */
  orphanResources: number;
  /** Patients whose analysis threw (a bug, not bad data): only the error names. */
  errors: string[];
  /** Lines spooled unparsed that turned out not to be JSON (quarantined in their patient's report). */
  unreadableLines: number;
  /** Lines whose unparsed subject disagreed with the parsed one (quarantined, never analysed). */
  misroutedLines: number;
}

const byPosition = (a: SpooledLine, b: SpooledLine) => a.task - b.task || a.line - b.line;

export function analyzeBucket(
  bucket: number,
  reportFile: string,
  context: AnalysisContext,
  shared: ReadonlyMap<string, string>,
  onPatient: () => void,
): BucketResult {
  // From empty: a bucket that ran out of memory is analysed again (see worker-pool.ts).
  writeFileSync(reportFile, '');
  const byPatient = new Map<string, SpooledLine[]>();
  for (const record of readBucket(context.spoolDir, bucket, context.writers)) {
    const lines = byPatient.get(record.patientId);
    if (lines) lines.push(record);
    else byPatient.set(record.patientId, [record]);
  }
  const result: BucketResult = {
    bucket,
    reportFile,
    tally: emptyPopulationTally(),
    orphanResources: 0,
    errors: [],
    unreadableLines: 0,
    misroutedLines: 0,
  };
  const now = new Date(context.now);
  const where = (record: SpooledLine) =>
    `${context.taskFiles[record.task]} line ${(context.taskFirstLines[record.task] ?? 1) + record.line - 1}`;
  const out: string[] = [];
  const ids = [...byPatient.keys()].sort();
  for (const patientId of ids) {
    const records = (byPatient.get(patientId) ?? []).sort(byPosition);
    byPatient.delete(patientId);
    const resources: unknown[] = [];
    const problems: QuarantinedResource[] = [...context.exportProblems];
    const medications = new Set<string>();
    let hasPatient = false;
    for (const record of records) {
      let resource: unknown;
      try {
        resource = JSON.parse(record.json);
      } catch {
        // Spooled unparsed on its subject: it is this patient's, and unreadable.
        result.unreadableLines += 1;
        problems.push({ reference: where(record), reason: 'not valid JSON' });
        continue;
      }
      if (!isRecord(resource)) continue;
      const owner = ownerOf(resource);
      if (owner.kind !== 'patient' || owner.patientId !== patientId) {
        result.misroutedLines += 1;
        problems.push({ reference: where(record), reason: 'its subject could not be read unambiguously' });
        continue;
      }
      if (resource.resourceType === 'Patient') hasPatient = true;
      if (typeof resource.id !== 'string') {
        // Named by file and line: an index into this patient's resources would mean nothing.
        const parsed = parseChartResource(resource, where(record));
        if (parsed.ok === false) problems.push(parsed.quarantined);
        continue;
      }
      for (const key of medicationReferencesOf(resource)) medications.add(key);
      resources.push(resource);
    }
    if (!hasPatient && !context.subjectsArePatients) {
      result.orphanResources += records.length;
      continue;
    }
    for (const key of medications) {
      const json = shared.get(key);
      if (json !== undefined) resources.push(JSON.parse(json));
    }
    const snapshot = snapshotsFromResources({ resources, problems }, 'NDJSON export').find(
      (s) => s.patientReference === `Patient/${patientId}`,
    );
    if (!snapshot) continue;
    try {
      const report = analyzeChart(snapshot, { now, findings: context.findings });
      tallyReport(result.tally, report, context.exportProblems.length);
      out.push(`${JSON.stringify(patientId)}\t${JSON.stringify(report)}\n`);
    } catch (error) {
      result.errors.push(error instanceof Error ? error.name : 'unknown');
    }
    if (out.length >= 64) appendFileSync(reportFile, out.splice(0).join(''));
    onPatient();
  }
  appendFileSync(reportFile, out.join(''));
  return result;
}
