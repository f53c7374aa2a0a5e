// `--shard I/N`: a stable split of an export's patients over N independent runs (a Kubernetes Job
// with N indexed completions, GNU parallel, a Spark or Ray map), with no coordination between them.
// The hash is FNV-1a (32 bit) over the UTF-8 bytes of the patient id (the part after "Patient/"),
// so any other tool can reproduce the split.

export interface Shard {
  /** 0-based, like Kubernetes' JOB_COMPLETION_INDEX. */
  index: number;
  count: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const utf8 = new TextEncoder();

/** FNV-1a, 32 bit, of a string's UTF-8 bytes. */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i += 1) ascii = text.charCodeAt(i) < 0x80;
  if (ascii) {
    // FHIR ids are ASCII: their UTF-8 bytes are their char codes (no encoder, no copy).
    for (let i = 0; i < text.length; i += 1) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, FNV_PRIME) >>> 0;
    }
    return hash;
  }
  for (const byte of utf8.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

/** The shard (0..count-1) a patient id falls in. */
export function shardOf(patientId: string, count: number): number {
  return fnv1a32(patientId) % count;
}

/** Parses "I/N" (0 ≤ I < N), or says what is wrong with it. */
export function parseShard(text: string): { ok: true; shard: Shard } | { ok: false; error: string } {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) {
    return { ok: false, error: `--shard must be I/N with 0 ≤ I < N (e.g. 0/4), got "${text}"` };
  }
  return { ok: true, shard: { index, count } };
}

/**
 * The spool bucket a patient goes to: the same FNV-1a hash, mixed (murmur3's finaliser), so that
 * the buckets of one shard are not only those congruent to its index.
 */
export function bucketOf(patientId: string, count: number): number {
  let h = fnv1a32(patientId);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) % count;
}
