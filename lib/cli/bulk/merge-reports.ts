import { type FileHandle, open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

// The last step of a Bulk analysis: each bucket's reports are sorted by patient id, and a k-way
// merge writes them as one stream sorted by patient id, holding one read buffer (64 KB) per bucket.
// Lines are `"patientId"<TAB>report JSON`.

/**
 * The lines of a file, read 64 KB at a time. (readline's async iterator reads up to 1024 lines
 * ahead per file: with 40 buckets of 6 KB reports, 250 MB.)
 */
class FileLines {
  private readonly buffer = Buffer.alloc(64 * 1024);
  private readonly decoder = new StringDecoder('utf8');
  private pending: string[] = [];
  private partial = '';
  private ended = false;

  private constructor(private readonly file: FileHandle) {}

  static async open(path: string): Promise<FileLines> {
    return new FileLines(await open(path, 'r'));
  }

  async next(): Promise<string | null> {
    while (this.pending.length === 0 && !this.ended) {
      const { bytesRead } = await this.file.read(this.buffer, 0, this.buffer.length, null);
      if (bytesRead === 0) {
        this.ended = true;
        const rest = this.partial + this.decoder.end();
        if (rest !== '') this.pending.push(rest);
        await this.file.close();
        break;
      }
      const parts = (this.partial + this.decoder.write(this.buffer.subarray(0, bytesRead))).split('\n');
      this.partial = parts.pop() ?? '';
      this.pending = parts;
    }
    return this.pending.shift() ?? null;
  }
}

interface Head {
  id: string;
  report: string;
  lines: FileLines;
}

async function next(lines: FileLines): Promise<{ id: string; report: string } | null> {
  for (let line = await lines.next(); line !== null; line = await lines.next()) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    return { id: String(JSON.parse(line.slice(0, tab))), report: line.slice(tab + 1) };
  }
  return null;
}

/** A binary min-heap on patient id (code-unit order, as Array.prototype.sort uses). */
class HeadHeap {
  readonly items: Head[] = [];
  private less(i: number, j: number): boolean {
    return (this.items[i]?.id ?? '') < (this.items[j]?.id ?? '');
  }
  private swap(i: number, j: number): void {
    const a = this.items[i];
    const b = this.items[j];
    if (a && b) [this.items[i], this.items[j]] = [b, a];
  }
  push(head: Head): void {
    this.items.push(head);
    let i = this.items.length - 1;
    while (i > 0 && this.less(i, (i - 1) >> 1)) {
      this.swap(i, (i - 1) >> 1);
      i = (i - 1) >> 1;
    }
  }
  pop(): Head | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length > 0 && last) {
      this.items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.items.length && this.less(l, m)) m = l;
        if (r < this.items.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

/**
 * Writes the merged reports through `write`, in chunks of about 64 KB: compact, one per line
 * (NDJSON), or indented when there is exactly one report in all (as for a one-patient file).
 * It runs on a worker (with the workers' heap cap), so the main thread only passes chunks on.
 */
export async function mergeReports(
  files: readonly string[],
  total: number,
  write: (text: string) => Promise<void>,
): Promise<void> {
  const heap = new HeadHeap();
  for (const file of files) {
    const lines = await FileLines.open(file);
    const first = await next(lines);
    if (first) heap.push({ ...first, lines });
  }
  let chunk: string[] = [];
  let size = 0;
  for (let head = heap.pop(); head; head = heap.pop()) {
    const text = total === 1 ? `${JSON.stringify(JSON.parse(head.report), null, 2)}\n` : `${head.report}\n`;
    chunk.push(text);
    size += text.length;
    if (size >= 64 * 1024) {
      await write(chunk.join(''));
      chunk = [];
      size = 0;
    }
    const following = await next(head.lines);
    if (following) heap.push({ ...following, lines: head.lines });
  }
  if (chunk.length > 0) await write(chunk.join(''));
}
