import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { exportTypesRead } from './line-routing';

// The files of a Bulk Data $export folder, and the scan tasks they are cut into: plain NDJSON in
// byte ranges (so one big Observation file is scanned on every core), gzip files whole (a gzip
// stream can only be read from its start).

export interface ExportFile {
  name: string;
  path: string;
  bytes: number;
  gzip: boolean;
}

export interface ScanTask {
  /** Position in the plan: tasks of one file follow each other in byte order. */
  index: number;
  file: ExportFile;
  /** Byte range of the lines that start in it (compressed file: the whole file). */
  start: number;
  end: number;
}

const ndjsonName = /\.ndjson(\.gz)?$/i;

/** The *.ndjson and *.ndjson.gz files of a folder, by name. */
export function listExportFiles(folder: string): ExportFile[] {
  return readdirSync(folder)
    .filter((name) => ndjsonName.test(name))
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat?.isFile()) return [];
      return [{ name, path, bytes: stat.size, gzip: name.toLowerCase().endsWith('.gz') }];
    });
}

/** Cuts plain files into ranges of about `chunkBytes`; a gzip file is one task. */
export function planScanTasks(files: readonly ExportFile[], chunkBytes: number): ScanTask[] {
  const tasks: ScanTask[] = [];
  for (const file of files) {
    const pieces = file.gzip ? 1 : Math.max(1, Math.ceil(file.bytes / chunkBytes));
    for (let piece = 0; piece < pieces; piece += 1) {
      const start = Math.floor((file.bytes * piece) / pieces);
      const end = piece === pieces - 1 ? file.bytes : Math.floor((file.bytes * (piece + 1)) / pieces);
      tasks.push({ index: tasks.length, file, start, end });
    }
  }
  return tasks;
}

/** Typical gzip ratio of FHIR NDJSON, to size the patient buckets before a gzip file is read. */
const gzipExpansion = 8;

/**
 * Bytes of the files that probably hold resources the analysis reads, from their names
 * (Claim.ndjson, ExplanationOfBenefit.000.ndjson... are left out). Only sizes the buckets: a file
 * whose name says nothing (1.ndjson) counts whole.
 */
export function estimatedReadBytes(files: readonly ExportFile[]): number {
  let total = 0;
  for (const file of files) {
    const type = /^([A-Za-z]+)/.exec(file.name)?.[1] ?? '';
    const named = /^[A-Z][A-Za-z]+$/.test(type);
    if (named && !exportTypesRead.has(type)) continue;
    total += file.gzip ? file.bytes * gzipExpansion : file.bytes;
  }
  return total;
}
