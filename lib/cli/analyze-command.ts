import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type BedsideFindingsInput, bedsideFindingIds } from '../contracts/ids';
import type { Report } from '../contracts/report-schema';
import { analyzeChart } from '../differential/analyze-chart';
import { snapshotsFromResources } from '../fhir/bundle-input';
import { parseShard, type Shard, shardOf } from './bulk/shard';
import { readInput } from './read-input';

// `npm run -s analyze -- [options] INPUT`: the testable core of the command line. Returns what
// to print and the exit code instead of touching the process, so tests can run it directly.

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface CommandEnvironment {
  /** The clock, used only when --now is not given. */
  today: () => Date;
}

export const usage = `Usage: npm run -s analyze -- [--now YYYY-MM-DD] [--findings FILE.json] [--patient ID]
       [--shard I/N] [--out FILE] [--summary FILE.csv] [--workers N] INPUT

Prints the differential report (JSON, schemaVersion 1) for the patient(s) in INPUT.

INPUT            a FHIR R4 Bundle JSON file (any bundle type; urn:uuid references are resolved)
                 or a single resource, or a folder of NDJSON files from a Bulk Data $export
                 (*.ndjson or *.ndjson.gz, one resource per line: Patient.ndjson, Condition.ndjson,
                 Observation.ndjson, MedicationStatement.ndjson, MedicationRequest.ndjson,
                 MedicationAdministration.ndjson, Medication.ndjson; other types are skipped). A folder is streamed and grouped by
                 patient on disk (in the system temp folder), and analysed on every core.

Options:
  --now YYYY-MM-DD     the date the analysis is for (ages, "recent" medications, stale ferritin);
                       default: today
  --findings FILE      bedside findings as a JSON object {findingId: "yes" | "no" | "unknown"};
                       finding ids: ${bedsideFindingIds.join(', ')}
  --patient ID         analyse only this patient ("123" or "Patient/123")
  --shard I/N          analyse only the patients whose id hashes to shard I of N (0 <= I < N;
                       FNV-1a of the id): N runs with I = 0..N-1 together give the whole output
  --out FILE           write the reports to FILE instead of stdout
  --summary FILE.csv   print a summary table on stderr (patients, current medication classes, iron
                       status, likely candidates, data gaps, quarantined and skipped counts) and
                       write it to FILE.csv as rows "group,item,count"
  --workers N          worker threads for a folder (default: the number of cores)
  -h, --help           show this help

Output: one patient: the report as indented JSON; several patients (no --patient): one compact
report per line (NDJSON), sorted by patient id. Malformed resources are listed in "quarantined",
never fatal; a folder's lines that belong to no one patient are listed in every report. A progress
bar is drawn on stderr when it is a terminal.
Exit codes: 0 success (also an empty shard); 2 bad arguments or an unreadable input (one line on
stderr); 1 internal error.
`;

const findingsSchema = z.partialRecord(z.enum(bedsideFindingIds), z.enum(['yes', 'no', 'unknown']));

export interface AnalyzeOptions {
  now: Date | null;
  findingsFile: string | null;
  patient: string | null;
  shard: Shard | null;
  out: string | null;
  summary: string | null;
  workers: number | null;
  input: string;
}

type Parsed = { ok: true; options: AnalyzeOptions } | { ok: false; result: CommandResult };

export const fail = (message: string): CommandResult => ({
  stdout: '',
  stderr: `analyze: ${message}\n`,
  exitCode: 2,
});

function parseDate(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : date;
}

const valueOptions = [
  '--now',
  '--findings',
  '--patient',
  '--shard',
  '--out',
  '--summary',
  '--workers',
] as const;
type ValueOption = (typeof valueOptions)[number];
const isValueOption = (flag: string): flag is ValueOption =>
  (valueOptions as readonly string[]).includes(flag);

export function parseAnalyzeArgs(argv: readonly string[]): Parsed {
  const values: Partial<Record<ValueOption, string>> = {};
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '-h' || arg === '--help')
      return { ok: false, result: { stdout: usage, stderr: '', exitCode: 0 } };
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (isValueOption(flag)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[i + 1];
      if (eq < 0) i += 1;
      if (value === undefined || value === '')
        return { ok: false, result: fail(`${flag} needs a value (see --help)`) };
      values[flag] = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { ok: false, result: fail(`unknown option ${arg} (see --help)`) };
    } else inputs.push(arg);
  }
  const [input, ...extra] = inputs;
  if (input === undefined) return { ok: false, result: fail('missing INPUT (see --help)') };
  if (extra.length > 0) return { ok: false, result: fail('give exactly one INPUT (see --help)') };
  let now: Date | null = null;
  if (values['--now'] !== undefined) {
    now = parseDate(values['--now']);
    if (!now) return { ok: false, result: fail(`--now must be a date YYYY-MM-DD, got "${values['--now']}"`) };
  }
  let shard: Shard | null = null;
  if (values['--shard'] !== undefined) {
    const parsed = parseShard(values['--shard']);
    if (!parsed.ok) return { ok: false, result: fail(parsed.error) };
    shard = parsed.shard;
  }
  let workers: number | null = null;
  if (values['--workers'] !== undefined) {
    workers = /^\d{1,3}$/.test(values['--workers']) ? Number(values['--workers']) : 0;
    if (workers < 1)
      return {
        ok: false,
        result: fail(`--workers must be a whole number ≥ 1, got "${values['--workers']}"`),
      };
  }
  return {
    ok: true,
    options: {
      now,
      findingsFile: values['--findings'] ?? null,
      patient: values['--patient'] ?? null,
      shard,
      out: values['--out'] ?? null,
      summary: values['--summary'] ?? null,
      workers,
      input,
    },
  };
}

/** "123" or "Patient/123" → "123". */
export const patientIdOf = (text: string) =>
  text.startsWith('Patient/') ? text.slice('Patient/'.length) : text;

type FindingsReading = { ok: true; findings: BedsideFindingsInput } | { ok: false; error: string };

export function readFindings(path: string): FindingsReading {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read';
    return { ok: false, error: `findings file ${path} ${reason}` };
  }
  const parsed = findingsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where =
      issue?.code === 'unrecognized_keys'
        ? `: unknown finding ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue?.path.length
          ? ` at "${issue.path.join('.')}"`
          : '';
    return {
      ok: false,
      error: `findings file ${path} is invalid${where}: expected {findingId: "yes" | "no" | "unknown"} (see --help)`,
    };
  }
  return { ok: true, findings: parsed.data };
}

export type FileAnalysis =
  | {
      ok: true;
      reports: Report[] /** entries at the head of every report's quarantined list */;
      sharedProblems: number;
    }
  | { ok: false; result: CommandResult };

/** A Bundle (or lone resource) file: its patients (after --patient and --shard), analysed. */
export function analyzeFile(
  options: AnalyzeOptions,
  findings: BedsideFindingsInput | undefined,
  env: CommandEnvironment,
): FileAnalysis {
  const input = readInput(options.input);
  if (!input.ok) return { ok: false, result: fail(input.error) };
  let snapshots = snapshotsFromResources(input.collection, input.label);
  if (snapshots.length === 0) return { ok: false, result: fail(`no patient found in ${options.input}`) };
  if (options.patient) {
    const wanted = `Patient/${patientIdOf(options.patient)}`;
    snapshots = snapshots.filter((s) => s.patientReference === wanted);
    if (snapshots.length === 0)
      return { ok: false, result: fail(`patient ${options.patient} is not in ${options.input}`) };
  }
  const { shard } = options;
  if (shard)
    snapshots = snapshots.filter(
      (s) => shardOf(patientIdOf(s.patientReference), shard.count) === shard.index,
    );
  const now = options.now ?? env.today();
  try {
    const reports: Report[] = snapshots.map((s) => analyzeChart(s, { now, findings }));
    return { ok: true, reports, sharedProblems: input.collection.problems.length };
  } catch (error) {
    // A bug, not bad data (bad data is quarantined): say so without printing chart content.
    const name = error instanceof Error ? error.name : 'unknown';
    return { ok: false, result: { stdout: '', stderr: `analyze: internal error (${name})\n`, exitCode: 1 } };
  }
}

/** One report indented; several (or none) one per line. */
export function formatReports(reports: readonly Report[]): string {
  return reports.length === 1
    ? `${JSON.stringify(reports[0], null, 2)}\n`
    : reports.map((r) => `${JSON.stringify(r)}\n`).join('');
}

/**
 * The command for a Bundle or resource FILE, synchronously (a folder is streamed by
 * `runAnalyzeCommand` in run-analyze-command.ts, which `npm run analyze` calls).
 */
export function runAnalyze(argv: readonly string[], env: CommandEnvironment): CommandResult {
  const parsed = parseAnalyzeArgs(argv);
  if (!parsed.ok) return parsed.result;
  const { options } = parsed;
  let findings: BedsideFindingsInput | undefined;
  if (options.findingsFile) {
    const read = readFindings(options.findingsFile);
    if (!read.ok) return fail(read.error);
    findings = read.findings;
  }
  const analysed = analyzeFile(options, findings, env);
  if (!analysed.ok) return analysed.result;
  return { stdout: formatReports(analysed.reports), stderr: '', exitCode: 0 };
}
