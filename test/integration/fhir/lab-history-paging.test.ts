import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyzeChart } from '@/lib/differential/analyze-chart';
import { loadChart } from '@/lib/fhir/load-chart';
import { type EmulatedServer, emulate, type Route, respond } from './emulated-servers';

// A long lab history on a server with small pages: 2,000 hemoglobin results and 3 ferritin results,
// 20 per page. With every lab code in one search the page bound (5 pages) ends long before the
// ferritin results; ferritin and TSAT have their own search, newest first, so the newest ferritin
// decides the iron flag and the cut-off hemoglobin history shows as a gap.

const base = 'https://labs.paging.example/fhir';
const patientId = 'long-history-1';
const pageSize = 20;
const now = new Date('2026-11-25T12:00:00Z');

const subject = { reference: `Patient/${patientId}` };
const laboratory = [
  { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] },
];

function observation(id: string, code: string, date: string, value: number, unit: string) {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: laboratory,
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject,
    effectiveDateTime: date,
    valueQuantity: { value, unit },
  };
}

/** One hemoglobin a day, going back from 2026-11-20: the newest labs are all hemoglobin. */
const hemoglobins = Array.from({ length: 2000 }, (_, i) =>
  observation(
    `hgb-${i}`,
    '718-7',
    new Date(Date.UTC(2026, 10, 20) - i * 86_400_000).toISOString().slice(0, 10),
    13.5,
    'g/dL',
  ),
);
const ferritins = [
  observation('ferritin-2019', '2276-4', '2019-03-01', 140, 'ng/mL'),
  observation('ferritin-2026', '2276-4', '2026-05-02', 31, 'ng/mL'),
  observation('ferritin-2022', '2276-4', '2022-08-15', 96, 'ng/mL'),
];
// Stored oldest first, as an append-only store holds them: without `_sort` the server answers in
// this order.
const stored = [...hemoglobins, ...ferritins].sort((a, b) =>
  a.effectiveDateTime.localeCompare(b.effectiveDateTime),
);

const bundle = (entries: unknown[], next?: string) => ({
  resourceType: 'Bundle',
  type: 'searchset',
  link: next ? [{ relation: 'next', url: next }] : [],
  entry: entries.map((resource) => ({ resource, search: { mode: 'match' } })),
});

/** Pages by 20 whatever `_count` asks; honours `_sort=-date` unless told to refuse it with 400. */
function pagingLabServer(options: { refuseSort?: boolean } = {}): Route {
  return (r) => {
    if (r.path === 'metadata') return respond({ resourceType: 'CapabilityStatement', rest: [] });
    if (r.resourceType === 'Patient') {
      return respond({ resourceType: 'Patient', id: patientId, birthDate: '1961-04-02', gender: 'female' });
    }
    if (r.resourceType !== 'Observation') return respond(bundle([]));
    if (options.refuseSort && r.params.has('_sort')) {
      return respond(
        { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] },
        400,
      );
    }
    const codes = new Set((r.params.get('code') ?? '').split(',').map((token) => token.split('|')[1]));
    let matches = stored.filter((o) => o.code.coding.some((c) => codes.has(c.code)));
    if (r.params.get('_sort') === '-date') {
      matches = [...matches].sort((a, b) => b.effectiveDateTime.localeCompare(a.effectiveDateTime));
    }
    const offset = Number(r.params.get('_offset') ?? '0');
    const page = matches.slice(offset, offset + pageSize);
    const nextParams = new URLSearchParams(r.params);
    nextParams.set('_offset', String(offset + pageSize));
    const next = offset + pageSize < matches.length ? `${base}/Observation?${nextParams}` : undefined;
    return respond(bundle(page, next));
  };
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function serve(emulated: EmulatedServer): EmulatedServer {
  server.use(...emulated.handlers);
  return emulated;
}

describe('a long hemoglobin history on a server that pages by 20', () => {
  it('still finds the newest of 3 ferritin results behind 2,000 hemoglobins, and the iron flag uses it', async () => {
    const labs = serve(emulate(base, pagingLabServer()));
    const snapshot = await loadChart(labs.transport(), { patientId });
    const report = analyzeChart(snapshot, { now });

    expect(report.flags.iron.status).toBe('low');
    expect(report.flags.iron.ferritinNgPerMl).toBe(31);
    expect(report.flags.iron.date).toBe('2026-05-02');
    expect(report.flags.iron.sources).toEqual(['Observation/ferritin-2026']);
    // Every ferritin arrived in one page of the iron search.
    const ironSearch = snapshot.queries.find((q) => q.label.includes('(ferritin, TSAT, iron, TIBC)'));
    expect(ironSearch).toMatchObject({ status: 'ok', pages: 1 });
    expect(snapshot.observations.filter((o) => o.id?.startsWith('ferritin-')).map((o) => o.id)).toEqual([
      'ferritin-2026',
      'ferritin-2022',
      'ferritin-2019',
    ]);
  });

  it('shows the cut-off hemoglobin history as a truncated lab search, never as a complete one', async () => {
    const labs = serve(emulate(base, pagingLabServer()));
    const snapshot = await loadChart(labs.transport(), { patientId });
    const report = analyzeChart(snapshot, { now });

    expect(report.dataGaps).toEqual([
      {
        resourceType: 'Observation',
        reason: 'truncated',
        detail: 'Observation?category=laboratory&code=(other lab codes)&_sort=-date: stopped after 5 pages',
      },
    ]);
    // The newest hemoglobins were read (newest first), 5 pages of 20.
    const hemoglobinIds = snapshot.observations.filter((o) => o.id?.startsWith('hgb-')).map((o) => o.id);
    expect(hemoglobinIds).toHaveLength(100);
    expect(hemoglobinIds[0]).toBe('hgb-0');
  });

  it('asks a server that refuses `_sort` once more without it and still finds the ferritin', async () => {
    const labs = serve(emulate(base, pagingLabServer({ refuseSort: true })));
    const snapshot = await loadChart(labs.transport(), { patientId });
    const report = analyzeChart(snapshot, { now });

    expect(report.flags.iron.sources).toEqual(['Observation/ferritin-2026']);
    const ironSearch = snapshot.queries.find((q) => q.label.includes('(ferritin, TSAT, iron, TIBC)'));
    expect(ironSearch).toMatchObject({ status: 'ok', detail: 'asked without _sort, _count after HTTP 400' });
    const ironRequests = labs.log.filter((r) => (r.params.get('code') ?? '').includes('|2276-4'));
    expect(ironRequests.map((r) => [r.status, r.params.has('_sort')])).toEqual([
      [400, true],
      [200, false],
    ]);
  });
});
