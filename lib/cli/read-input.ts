import { readFileSync, statSync } from 'node:fs';
import { type ResourceCollection, resourcesFromBundle } from '../fhir/bundle-input';
import { isRecord } from '../fhir/json-record';

// Reads a FHIR Bundle (or lone resource) JSON file for the analyze command. Bad entries become
// `problems` (quarantined); only an unreadable input is an error. A Bulk Data $export folder is
// streamed by lib/cli/bulk instead.

export type InputReading =
  | { ok: true; collection: ResourceCollection; label: string }
  | { ok: false; error: string };

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

/** Reads a Bundle JSON file. Never throws. */
export function readInput(path: string): InputReading {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return { ok: false, error: `${path} does not exist` };
    if (stat.isDirectory())
      return { ok: false, error: `${path} is a folder (read as a Bulk export by runAnalyzeCommand)` };
    return readBundleFile(path);
  } catch (error) {
    return {
      ok: false,
      error: `${path} cannot be read (${error instanceof Error ? error.message : 'unknown error'})`,
    };
  }
}
