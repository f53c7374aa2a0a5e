import { once } from 'node:events';
import { createReadStream, createWriteStream, readdirSync } from 'node:fs';
import { devNull } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { analyzeExport } from '../lib/cli/bulk/analyze-export';

// One measurement of the Bulk row, in a process of its own so its peak RSS is its own:
//   npx tsx bench/bulk-child.ts floor FOLDER     read and JSON.parse every line, nothing else
//   npx tsx bench/bulk-child.ts analyze FOLDER   the analysis of a folder, reports to the null device
// Prints one JSON line: { ms, cpuMs, maxRssMb, ... }. The clocks start after the modules are loaded.

async function floor(folder: string) {
  let lines = 0;
  for (const name of readdirSync(folder).sort()) {
    if (!name.endsWith('.ndjson')) continue;
    const input = createReadStream(join(folder, name));
    for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      if (line === '') continue;
      JSON.parse(line);
      lines += 1;
    }
  }
  return { lines };
}

async function analyze(folder: string) {
  // The command's own path for a folder (argument parsing aside), reports to the null device.
  const out = createWriteStream(devNull);
  const outcome = await analyzeExport({
    folder,
    now: new Date('2026-11-25T00:00:00Z'),
    patientId: null,
    shard: null,
    out,
    stderr: process.stderr,
    summaryCsvFile: null,
  });
  out.end();
  await once(out, 'finish');
  return outcome;
}

async function main() {
  const [mode, folder] = process.argv.slice(2);
  if ((mode !== 'floor' && mode !== 'analyze') || !folder)
    throw new Error('usage: bulk-child.ts floor|analyze FOLDER');
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = mode === 'floor' ? await floor(folder) : await analyze(folder);
  const ms = performance.now() - start;
  // CPU time of every thread of the process (the workers are threads): what the run cost, whatever
  // else the shared machine was doing.
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(JSON.stringify({ ms, cpuMs, maxRssMb: process.resourceUsage().maxRSS / 1024, ...result }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
