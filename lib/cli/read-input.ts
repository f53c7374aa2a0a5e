import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type ResourceCollection, resourcesFromBundle } from '../fhir/bundle-input';
import { isRecord } from '../fhir/json-record';

// Reads what the analyze command is given: a FHIR Bundle (or lone resource) as a JSON file, or a
// folder of NDJSON files from a Bulk Data $export (one resource per line, e.g. Observation.ndjson).
// Bad lines and entries become `problems` (quarantined); only an unreadable input is an error.

export type InputReading =
  | { ok: true; collection: ResourceCollection; label: string }
  | { ok: false; error: string };

/** One resource per non-empty line; a line that is not a JSON object is a problem, not an error. */
export function resourcesFromNdjson(text: string, fileName: string): ResourceCollection {
  const collection: ResourceCollection = { resources: [], problems: [] };
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${fileName} line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      collection.problems.push({ reference: where, reason: 'not valid JSON' });
      return;
    }
    if (!isRecord(value) || typeof value.resourceType !== 'string') {
      collection.problems.push({ reference: where, reason: 'not a FHIR resource' });
      return;
    }
    // A Bundle on one line (some exporters) is flattened like a Bundle file.
    const inner =
      value.resourceType === 'Bundle' ? resourcesFromBundle(value) : { resources: [value], problems: [] };
    collection.resources.push(...inner.resources);
    collection.problems.push(...inner.problems);
  });
  return collection;
}

function readFolder(path: string): InputReading {
  const files = readdirSync(path)
    .filter((f) => f.toLowerCase().endsWith('.ndjson'))
    .sort();
  if (files.length === 0) return { ok: false, error: `no .ndjson files in folder ${path}` };
  const collection: ResourceCollection = { resources: [], problems: [] };
  for (const file of files) {
    const part = resourcesFromNdjson(readFileSync(join(path, file), 'utf8'), file);
    collection.resources.push(...part.resources);
    collection.problems.push(...part.problems);
  }
  return { ok: true, collection, label: 'NDJSON export' };
}

function readBundleFile(path: string): InputReading {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'not valid JSON' : 'cannot be read';
    return { ok: false, error: `${path} is ${reason}` };
  }
  if (!isRecord(value) || typeof value.resourceType !== 'string') {
    return { ok: false, error: `${path} is not a FHIR resource or Bundle (no resourceType)` };
  }
  return { ok: true, collection: resourcesFromBundle(value), label: 'input file' };
}

/** Reads a Bundle JSON file or a folder of NDJSON files. Never throws. */
export function readInput(path: string): InputReading {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return { ok: false, error: `${path} does not exist` };
    return stat.isDirectory() ? readFolder(path) : readBundleFile(path);
  } catch (error) {
    return {
      ok: false,
      error: `${path} cannot be read (${error instanceof Error ? error.message : 'unknown error'})`,
    };
  }
}
