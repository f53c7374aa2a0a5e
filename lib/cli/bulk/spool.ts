import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The on-disk grouping of an export by patient: each scan worker appends every line it keeps to the
// bucket file its patient hashes to, so a bucket holds all lines of its patients and nothing else.
// One bucket is read back at a time, which bounds memory by the bucket size, not the export size.
// A record is `"patientId"<TAB>task<TAB>line<TAB>json`: the JSON keeps its original text.

export interface SpooledLine {
  patientId: string;
  task: number;
  line: number;
  json: string;
}

const flushAt = 64 * 1024;

/** Buffered appends to one worker's bucket files (the memory held is at most 64 KB per bucket). */
export class BucketSpool {
  private readonly pending = new Map<number, { parts: string[]; size: number }>();

  constructor(
    private readonly dir: string,
    private readonly writer: number,
  ) {}

  add(bucket: number, record: SpooledLine): void {
    const text = `${JSON.stringify(record.patientId)}\t${record.task}\t${record.line}\t${record.json}\n`;
    let buffer = this.pending.get(bucket);
    if (!buffer) {
      buffer = { parts: [], size: 0 };
      this.pending.set(bucket, buffer);
    }
    buffer.parts.push(text);
    buffer.size += text.length;
    if (buffer.size >= flushAt) this.flushBucket(bucket);
  }

  flush(): void {
    for (const bucket of this.pending.keys()) this.flushBucket(bucket);
  }

  private flushBucket(bucket: number): void {
    const buffer = this.pending.get(bucket);
    if (!buffer || buffer.parts.length === 0) return;
    appendFileSync(join(this.dir, `bucket-${bucket}.w${this.writer}`), buffer.parts.join(''));
    this.pending.delete(bucket);
  }
}

/** The JSON string of an id; most ids need no unescaping. */
const idFrom = (quoted: string) => (quoted.includes('\\') ? String(JSON.parse(quoted)) : quoted.slice(1, -1));

/** Every spooled line of one bucket, from all writers (order across writers is restored by the reader). */
export function readBucket(dir: string, bucket: number, writers: number): SpooledLine[] {
  const records: SpooledLine[] = [];
  for (let writer = 0; writer < writers; writer += 1) {
    const path = join(dir, `bucket-${bucket}.w${writer}`);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    let from = 0;
    while (from < text.length) {
      const end = text.indexOf('\n', from);
      const stop = end < 0 ? text.length : end;
      const a = text.indexOf('\t', from);
      const b = text.indexOf('\t', a + 1);
      const c = text.indexOf('\t', b + 1);
      records.push({
        patientId: idFrom(text.slice(from, a)),
        task: Number(text.slice(a + 1, b)),
        line: Number(text.slice(b + 1, c)),
        json: text.slice(c + 1, stop),
      });
      from = stop + 1;
    }
  }
  return records;
}
