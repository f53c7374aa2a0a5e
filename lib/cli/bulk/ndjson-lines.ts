import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ScanTask } from './export-files';

// Streams the lines of one scan task: a byte range of a plain NDJSON file (the lines that start in
// it, the last one read to its end), or a whole .ndjson.gz file. Memory: one read buffer plus the
// line being read. A file that cannot be read to its end (truncated gzip, I/O error) ends with an
// `end-early` item instead of an exception, so the run goes on; the line it cut is not yielded.

export type TaskLine =
  | { kind: 'line'; text: string /** 1-based, counted from the task's first line */; line: number }
  | { kind: 'end-early'; reason: string; afterLine: number };

function endEarlyReason(task: ScanTask, error: unknown): string {
  const code = error instanceof Error && 'code' in error ? ` (${String(error.code)})` : '';
  return task.file.gzip ? `gzip data ends early or is corrupt${code}` : `cannot be read to its end${code}`;
}

const newline = 0x0a;
const readBuffer = 1 << 20;

function decode(pieces: Buffer[]): string {
  const text = (pieces.length === 1 ? (pieces[0] ?? Buffer.alloc(0)) : Buffer.concat(pieces)).toString(
    'utf8',
  );
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

function openTask(task: ScanTask, onBytes: (bytes: number) => void): Readable {
  if (task.file.gzip) {
    const raw = createReadStream(task.file.path, { highWaterMark: readBuffer });
    raw.on('data', (chunk) => onBytes(chunk.length));
    const gunzip = createGunzip({ chunkSize: readBuffer });
    raw.on('error', (error) => gunzip.destroy(error));
    return raw.pipe(gunzip);
  }
  // From the byte before the range: if it is a newline, the range starts on a line.
  const from = Math.max(0, task.start - 1);
  const stream = createReadStream(task.file.path, { start: from, highWaterMark: readBuffer });
  stream.on('data', (chunk) => onBytes(chunk.length));
  return stream;
}

/** The lines of a task, in order. `onBytes` hears how many file bytes were read (compressed for gzip). */
export async function* taskLines(task: ScanTask, onBytes: (bytes: number) => void): AsyncGenerator<TaskLine> {
  const stream = openTask(task, onBytes);
  const rangeEnd = task.file.gzip ? Number.POSITIVE_INFINITY : task.end;
  // Offset (in the stream's bytes, from the task's first byte read) where the current line starts.
  let offset = task.file.gzip ? 0 : Math.max(0, task.start - 1);
  let skipping = !task.file.gzip && task.start > 0;
  let lineStart = offset;
  let pieces: Buffer[] = [];
  let line = 0;
  try {
    for await (const chunk of stream) {
      const buffer: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      let from = 0;
      while (from < buffer.length) {
        const at = buffer.indexOf(newline, from);
        const stop = at < 0 ? buffer.length : at;
        if (!skipping) pieces.push(buffer.subarray(from, stop));
        offset += stop - from;
        if (at < 0) break;
        offset += 1;
        if (skipping) skipping = false;
        else {
          line += 1;
          yield { kind: 'line', text: decode(pieces), line };
        }
        pieces = [];
        lineStart = offset;
        from = at + 1;
        if (lineStart >= rangeEnd) return;
      }
    }
  } catch (error) {
    // The line being read when the data stopped is cut: the file-level problem stands for it.
    yield { kind: 'end-early', reason: endEarlyReason(task, error), afterLine: line };
    return;
  } finally {
    stream.destroy();
  }
  // The last line of a file without a final newline.
  if (pieces.length > 0 && !skipping && lineStart < rangeEnd) {
    line += 1;
    yield { kind: 'line', text: decode(pieces), line };
  }
}
