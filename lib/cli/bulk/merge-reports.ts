import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';

// The last step of a Bulk analysis: each bucket's reports are sorted by patient id, and a k-way
// merge writes them as one stream sorted by patient id, holding one line per bucket in memory.
// Lines are `"patientId"<TAB>report JSON`.

interface Head {
  id: string;
  report: string;
  lines: AsyncIterator<string>;
}

async function next(lines: AsyncIterator<string>): Promise<{ id: string; report: string } | null> {
  for (;;) {
    const item = await lines.next();
    if (item.done) return null;
    const tab = item.value.indexOf('\t');
    if (tab < 0) continue;
    return { id: String(JSON.parse(item.value.slice(0, tab))), report: item.value.slice(tab + 1) };
  }
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

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/**
 * Writes the merged reports: compact, one per line (NDJSON), or indented when there is exactly
 * one report in all (as for a one-patient file).
 */
export async function mergeReports(files: readonly string[], total: number, out: Writable): Promise<void> {
  const heap = new HeadHeap();
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })[
      Symbol.asyncIterator
    ]();
    const first = await next(lines);
    if (first) heap.push({ ...first, lines });
  }
  let batch: string[] = [];
  for (let head = heap.pop(); head; head = heap.pop()) {
    batch.push(total === 1 ? `${JSON.stringify(JSON.parse(head.report), null, 2)}\n` : `${head.report}\n`);
    if (batch.length >= 64) {
      await write(out, batch.join(''));
      batch = [];
    }
    const following = await next(head.lines);
    if (following) heap.push({ ...following, lines: head.lines });
  }
  if (batch.length > 0) await write(out, batch.join(''));
}
