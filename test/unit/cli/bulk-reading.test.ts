import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { type ExportFile, planScanTasks } from '@/lib/cli/bulk/export-files';
import { leadingResourceType, leadingSubjectPatient, ownerOf } from '@/lib/cli/bulk/line-routing';
import { taskLines } from '@/lib/cli/bulk/ndjson-lines';
import { ProgressBar } from '@/lib/cli/bulk/progress-bar';
import { bucketOf, fnv1a32, parseShard, shardOf } from '@/lib/cli/bulk/shard';

// The pieces of the Bulk reader that decide where a line goes: byte-range tasks, the unparsed
// subject, the shard hash.

const tmp = mkdtempSync(join(tmpdir(), 'bulk-reading-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function fileOf(name: string, content: string | Buffer): ExportFile {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return { name, path, bytes: Buffer.byteLength(content), gzip: name.endsWith('.gz') };
}

async function readAll(file: ExportFile, chunkBytes: number) {
  const seen: { text: string; line: number }[] = [];
  const ends: string[] = [];
  let first = 1;
  for (const task of planScanTasks([file], chunkBytes)) {
    let count = 0;
    for await (const item of taskLines(task, () => {})) {
      if (item.kind === 'end-early') ends.push(`${item.reason} after ${first + item.afterLine - 1}`);
      else {
        seen.push({ text: item.text, line: first + item.line - 1 });
        count = item.line;
      }
    }
    first += count;
  }
  return { seen, ends };
}

describe('scan tasks read every line exactly once, numbered as in the file', () => {
  // Lines of varied length (multi-byte characters too), an empty line, CRLF, no final newline.
  const lines = Array.from({ length: 60 }, (_, i) =>
    i === 17 ? '' : `{"n":${i},"t":"${'é'.repeat(i % 7)}${'x'.repeat((i * 37) % 90)}"}`,
  );
  const text = `${lines.slice(0, 30).join('\n')}\r\n${lines.slice(30).join('\n')}`;
  const expected = lines.map((t, i) => ({ text: t, line: i + 1 }));

  it.each([3, 7, 64, 100, 1000, 1 << 20])(
    'with tasks of %i bytes',
    async (chunkBytes) => {
      const { seen, ends } = await readAll(fileOf(`lines-${chunkBytes}.ndjson`, text), chunkBytes);
      expect(ends).toEqual([]);
      expect(seen).toEqual(expected);
    },
    30_000,
  );

  it('reads a gzip file whole, and stops a cut one with the line count it reached', async () => {
    const whole = await readAll(fileOf('lines.ndjson.gz', gzipSync(text)), 7);
    expect(whole.seen).toEqual(expected);
    const long = `${'{"resourceType":"Procedure","id":"x"}\n'.repeat(5000)}`;
    const cut = await readAll(fileOf('cut.ndjson.gz', gzipSync(long).subarray(0, 300)), 7);
    expect(cut.ends).toEqual([
      expect.stringMatching(/^gzip data ends early or is corrupt \(Z_BUF_ERROR\) after \d+$/),
    ]);
    expect(cut.ends[0]).toContain(`after ${cut.seen.length}`);
    expect(cut.seen.every((l) => l.text === '{"resourceType":"Procedure","id":"x"}')).toBe(true);
  });
});

describe('a line is routed to its patient', () => {
  it('reads the leading resourceType without parsing', () => {
    expect(leadingResourceType('{"resourceType":"Claim","id":"1"}')).toBe('Claim');
    expect(leadingResourceType(' { "resourceType" : "Observation" }')).toBe('Observation');
    expect(leadingResourceType('{"id":"1","resourceType":"Claim"}')).toBeNull();
  });

  it.each([
    ['the plain subject', '{"resourceType":"Observation","subject":{"reference":"Patient/p1"}}', 'p1'],
    [
      'spaces and an absolute URL',
      '{"resourceType":"Condition","subject" : { "reference" : "https://ehr.example/fhir/Patient/p-2" } }',
      'p-2',
    ],
    ['display before reference', '{"subject":{"display":"x","reference":"Patient/p1"}}', null],
    ['a Group subject', '{"subject":{"reference":"Group/g1"}}', null],
    [
      'two subjects',
      '{"subject":{"reference":"Patient/p1"},"x":{"subject":{"reference":"Patient/p2"}}}',
      null,
    ],
    [
      'contained resources',
      '{"contained":[{"subject":{"reference":"Patient/p2"}}],"subject":{"reference":"Patient/p1"}}',
      null,
    ],
    ['an escaped reference', '{"subject":{"reference":"Patient\\/p1"}}', null],
    ['a subject inside a string', '{"note":"\\"subject\\":{","code":{}}', null],
  ])('from the unparsed text: %s', (_story, line, patient) => {
    expect(leadingSubjectPatient(line)).toBe(patient);
    if (patient !== null) expect(ownerOf(JSON.parse(line))).toEqual({ kind: 'patient', patientId: patient });
  });

  it('from the parsed resource: Patient by id, Medication to the shared table, no id or subject as a problem', () => {
    expect(ownerOf({ resourceType: 'Patient', id: 'p1' })).toEqual({ kind: 'patient', patientId: 'p1' });
    expect(ownerOf({ resourceType: 'Medication', id: 'm1' })).toEqual({
      kind: 'shared',
      key: 'Medication/m1',
    });
    expect(ownerOf({ resourceType: 'Patient' })).toMatchObject({ kind: 'unattributable' });
    expect(ownerOf({ resourceType: 'Condition', id: 'c1' })).toMatchObject({ kind: 'unattributable' });
    expect(ownerOf({ resourceType: 'Claim', id: 'c1' })).toEqual({ kind: 'ignored' });
    expect(
      ownerOf({ resourceType: 'MedicationAdministration', subject: { reference: 'Patient/p1' } }),
    ).toEqual({
      kind: 'patient',
      patientId: 'p1',
    });
  });
});

describe('--shard I/N', () => {
  it('hashes with FNV-1a over UTF-8 (the published test vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    expect(fnv1a32('é')).toBe(fnv1a32('\u00e9'));
    expect(fnv1a32('é')).not.toBe(fnv1a32('e'));
  });

  it('spreads ids over shards and buckets, and over buckets within one shard', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `patient-${i}`);
    const perShard = [0, 0, 0, 0];
    for (const id of ids) perShard[shardOf(id, 4)] = (perShard[shardOf(id, 4)] ?? 0) + 1;
    for (const n of perShard) expect(n).toBeGreaterThan(900);
    const bucketsOfShard0 = new Set(ids.filter((id) => shardOf(id, 4) === 0).map((id) => bucketOf(id, 8)));
    expect(bucketsOfShard0.size).toBe(8);
  });

  it('parses I/N with 0 ≤ I < N and refuses the rest', () => {
    expect(parseShard('0/4')).toEqual({ ok: true, shard: { index: 0, count: 4 } });
    expect(parseShard('3/4')).toEqual({ ok: true, shard: { index: 3, count: 4 } });
    for (const bad of ['4/4', '1/0', '-1/4', '1', 'a/b', '1/4/2']) expect(parseShard(bad).ok).toBe(false);
  });
});

describe('the progress bar', () => {
  const sink = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, stream: { isTTY, columns: 80, write: (t: string) => written.push(t) > 0 } };
  };

  it('draws patients done / total and MB/s on a terminal, and clears its line at the end', () => {
    const { written, stream } = sink(true);
    const bar = new ProgressBar(stream, 10e6);
    bar.add(5e6, 0);
    bar.expectPatients(4);
    bar.add(0, 4);
    bar.finish();
    expect(written.some((t) => /reading 5\/10 MB, \d+ MB\/s/.test(t))).toBe(true);
    expect(written.some((t) => /\] 0\/4 patients, \d+ MB\/s/.test(t))).toBe(true);
    expect(written.at(-1)).toBe('\r\x1b[2K');
  });

  it('writes nothing when stderr is not a terminal', () => {
    const { written, stream } = sink(false);
    const bar = new ProgressBar(stream, 10e6);
    bar.add(5e6, 0);
    bar.expectPatients(4);
    bar.finish();
    expect(written).toEqual([]);
  });
});
