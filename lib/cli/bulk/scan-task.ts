import { resourcesFromBundle } from '../../fhir/bundle-input';
import { isRecord } from '../../fhir/json-record';
import { parseChartResource } from '../../fhir/parse-chart';
import type { ScanTask } from './export-files';
import {
  endsLikeObject,
  exportTypesRead,
  leadingResourceType,
  leadingSubjectPatient,
  ownerOf,
  subjectTypes,
} from './line-routing';
import { taskLines } from './ndjson-lines';
import type { BucketSpool } from './spool';

// Phase 1 of a Bulk analysis, run on a worker for one scan task: every line is read once, lines of
// types the analysis does not read are skipped on their leading resourceType without being parsed,
// and the rest are parsed once to find their patient and appended to that patient's bucket.

/** A line or resource that cannot go to one patient. Line numbers are the task's own (1-based). */
export interface LineProblem {
  line: number;
  reason: string;
  /** The resource, when the line was one: rendered "Type/id" or "Type (no id, file line N)". */
  resource?: { type: string; id: string | null };
  /** False for lines of types the analysis never reads: counted in the summary, kept out of reports. */
  forReports: boolean;
}

export interface SharedLine {
  key: string;
  task: number;
  line: number;
  json: string;
}

export interface ScanResult {
  task: number;
  /** Lines that start in the task, empty ones included (to number the next task's lines). */
  lines: number;
  /** Non-empty lines. */
  records: number;
  /** Lines spooled to a patient's bucket (after --shard / --patient). */
  kept: number;
  /** Patient resources with an id, before any --shard or --patient filter, and those kept. */
  patientResources: number;
  keptPatientResources: number;
  /** Lines about some patient, before any filter: none means the export has no patient. */
  patientLines: number;
  skippedByType: Record<string, number>;
  problems: LineProblem[];
  shared: SharedLine[];
  endedEarly: { reason: string; afterLine: number } | null;
}

export interface ScanOptions {
  bucketOf: (patientId: string) => number;
  /** --shard and --patient: lines of other patients are not spooled. */
  accepts: (patientId: string) => boolean;
  onBytes: (bytes: number) => void;
}

function problemFor(resource: Record<string, unknown>, line: number, fallback: string): LineProblem {
  const type = String(resource.resourceType);
  const id = typeof resource.id === 'string' ? resource.id : null;
  const parsed = parseChartResource(resource);
  const reason = parsed.ok === false ? parsed.quarantined.reason : fallback;
  return { line, reason, resource: { type, id }, forReports: true };
}

export async function scanTask(
  task: ScanTask,
  spool: BucketSpool,
  options: ScanOptions,
): Promise<ScanResult> {
  const result: ScanResult = {
    task: task.index,
    lines: 0,
    records: 0,
    kept: 0,
    patientResources: 0,
    keptPatientResources: 0,
    patientLines: 0,
    skippedByType: {},
    problems: [],
    shared: [],
    endedEarly: null,
  };
  const skip = (type: string) => {
    result.skippedByType[type] = (result.skippedByType[type] ?? 0) + 1;
  };

  const keep = (patientId: string, line: number, json: string) => {
    result.patientLines += 1;
    if (!options.accepts(patientId)) return;
    result.kept += 1;
    spool.add(options.bucketOf(patientId), { patientId, task: task.index, line, json });
  };

  const route = (resource: Record<string, unknown>, line: number, json: string) => {
    const owner = ownerOf(resource);
    switch (owner.kind) {
      case 'ignored':
        skip(String(resource.resourceType));
        return;
      case 'unattributable':
        result.problems.push(problemFor(resource, line, owner.reason));
        return;
      case 'shared':
        result.shared.push({ key: owner.key, task: task.index, line, json });
        return;
      case 'patient':
        if (resource.resourceType === 'Patient') {
          result.patientResources += 1;
          if (options.accepts(owner.patientId)) result.keptPatientResources += 1;
        }
        keep(owner.patientId, line, json);
    }
  };

  for await (const item of taskLines(task, options.onBytes)) {
    if (item.kind === 'end-early') {
      result.endedEarly = { reason: item.reason, afterLine: item.afterLine };
      break;
    }
    result.lines = item.line;
    const text = item.text;
    if (text.trim() === '') continue;
    result.records += 1;
    const leading = leadingResourceType(text);
    if (leading !== null && !exportTypesRead.has(leading)) {
      if (endsLikeObject(text)) skip(leading);
      else
        result.problems.push({
          line: item.line,
          reason: `truncated line (${leading}, not read)`,
          forReports: false,
        });
      continue;
    }
    // Most lines name their patient plainly: they are spooled unparsed (and parsed once, when analysed).
    const subjectPatient = leading !== null && subjectTypes.has(leading) ? leadingSubjectPatient(text) : null;
    if (subjectPatient !== null) {
      keep(subjectPatient, item.line, text);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      result.problems.push({ line: item.line, reason: 'not valid JSON', forReports: true });
      continue;
    }
    if (!isRecord(value) || typeof value.resourceType !== 'string') {
      result.problems.push({ line: item.line, reason: 'not a FHIR resource', forReports: true });
      continue;
    }
    if (value.resourceType !== 'Bundle') {
      route(value, item.line, text);
      continue;
    }
    // A Bundle on one line (some exporters): its entries are routed one by one.
    const inner = resourcesFromBundle(value);
    for (const problem of inner.problems) {
      result.problems.push({
        line: item.line,
        reason: `${problem.reference}: ${problem.reason}`,
        forReports: true,
      });
    }
    for (const resource of inner.resources) {
      if (isRecord(resource)) route(resource, item.line, JSON.stringify(resource));
    }
  }
  spool.flush();
  return result;
}
