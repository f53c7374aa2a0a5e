import { once } from 'node:events';
import { createWriteStream, statSync, writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { BedsideFindingsInput } from '../contracts/ids';
import {
  type AnalyzeOptions,
  analyzeFile,
  type CommandEnvironment,
  formatReports,
  parseAnalyzeArgs,
  patientIdOf,
  readFindings,
} from './analyze-command';
import { analyzeExport } from './bulk/analyze-export';
import {
  emptyPopulationTally,
  summaryCsv,
  summaryRows,
  summaryTable,
  tallyReport,
} from './bulk/population-summary';
import type { ProgressStream } from './bulk/progress-bar';

// `npm run -s analyze`: the whole command, for a Bundle file or a Bulk Data export folder. Writes
// to the streams it is given (the process's in main.ts, buffers in tests) and returns the exit code.

export interface CommandStreams {
  stdout: Writable;
  stderr: Writable & ProgressStream;
}

function writable(path: string): boolean {
  try {
    writeFileSync(path, '');
    return true;
  } catch {
    return false;
  }
}

async function writeAll(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function runFile(
  options: AnalyzeOptions,
  findings: BedsideFindingsInput | undefined,
  env: CommandEnvironment,
  out: Writable,
  streams: CommandStreams,
): Promise<{ exitCode: number; error?: string }> {
  const analysed = analyzeFile(options, findings, env);
  if (!analysed.ok) {
    await writeAll(streams.stderr, analysed.result.stderr);
    return { exitCode: analysed.result.exitCode };
  }
  await writeAll(out, formatReports(analysed.reports));
  if (options.summary !== null) {
    const tally = emptyPopulationTally();
    for (const report of analysed.reports) tallyReport(tally, report, analysed.sharedProblems);
    const rows = summaryRows(tally, null);
    await writeAll(streams.stderr, summaryTable(rows));
    writeFileSync(options.summary, summaryCsv(rows));
  }
  return { exitCode: 0 };
}

export async function runAnalyzeCommand(
  argv: readonly string[],
  env: CommandEnvironment,
  streams: CommandStreams,
): Promise<number> {
  const fail = async (message: string, exitCode = 2) => {
    await writeAll(streams.stderr, `analyze: ${message}\n`);
    return exitCode;
  };
  const parsed = parseAnalyzeArgs(argv);
  if (!parsed.ok) {
    if (parsed.result.stdout) await writeAll(streams.stdout, parsed.result.stdout);
    if (parsed.result.stderr) await writeAll(streams.stderr, parsed.result.stderr);
    return parsed.result.exitCode;
  }
  const { options } = parsed;
  let findings: BedsideFindingsInput | undefined;
  if (options.findingsFile) {
    const read = readFindings(options.findingsFile);
    if (!read.ok) return fail(read.error);
    findings = read.findings;
  }
  for (const [flag, path] of [
    ['--out', options.out],
    ['--summary', options.summary],
  ] as const) {
    if (path !== null && !writable(path)) return fail(`cannot write ${flag} file ${path}`);
  }
  const out = options.out === null ? streams.stdout : createWriteStream(options.out);
  const isFolder = statSync(options.input, { throwIfNoEntry: false })?.isDirectory() === true;
  const outcome = isFolder
    ? await analyzeExport({
        folder: options.input,
        now: options.now ?? env.today(),
        findings,
        patientId: options.patient === null ? null : patientIdOf(options.patient),
        shard: options.shard,
        workers: options.workers ?? undefined,
        out,
        stderr: streams.stderr,
        summaryCsvFile: options.summary,
      })
    : await runFile(options, findings, env, out, streams);
  if (out !== streams.stdout && !out.writableFinished) {
    out.end();
    await once(out, 'finish');
  }
  if (outcome.error) return fail(outcome.error, outcome.exitCode);
  return outcome.exitCode;
}
