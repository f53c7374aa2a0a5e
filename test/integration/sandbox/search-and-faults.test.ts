import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getFhirServer } from '@/lib/sandbox/fhir-repository';
import { exchange, fhirBase, fhirGet, launchToken } from './smart-client';

process.env.SANDBOX_FIXTURES_DIR = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'fhir-fixtures',
  'sandbox-test',
);

// Seeding Medplum's repository is a one-time cost of seconds on a loaded machine: pay it here,
// not inside the first test's time limit.
beforeAll(async () => {
  await getFhirServer();
}, 60_000);

interface SearchBundle {
  resourceType: string;
  total: number;
  link: { relation: string; url: string }[];
  entry: { fullUrl: string; resource: { resourceType: string; id: string }; search: { mode: string } }[];
}

const ferritin = `code=${encodeURIComponent('http://loinc.org|2276-4')}`;
let token: string;

beforeAll(async () => {
  token = (await launchToken('s1')).access_token;
});

async function search(path: string, bearer = token): Promise<SearchBundle> {
  const response = await fhirGet(path, bearer);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as SearchBundle;
}

function relativeToBase(url: string): string {
  expect(url.startsWith(`${fhirBase}/`)).toBe(true);
  return url.slice(fhirBase.length + 1);
}

describe('paging', () => {
  it('pages seven ferritin results three at a time by following next links, with none lost or repeated', async () => {
    const seen: string[] = [];
    let page = await search(`Observation?patient=s1&${ferritin}&_count=3`);
    expect(page.total).toBe(7);
    expect(page.link.find((l) => l.relation === 'self')?.url).toContain('_count=3');
    for (let pages = 1; ; pages++) {
      seen.push(...page.entry.map((e) => e.resource.id));
      const next = page.link.find((l) => l.relation === 'next');
      if (!next) {
        expect(pages).toBe(3);
        break;
      }
      page = await search(relativeToBase(next.url));
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it('gives the last page a previous link and no next link', async () => {
    const page = await search(`Observation?patient=s1&${ferritin}&_count=3&_offset=6`);
    expect(page.entry).toHaveLength(1);
    expect(page.link.map((l) => l.relation).sort()).toEqual(['previous', 'self']);
  });

  it('ignores an unknown search parameter instead of answering nothing, and leaves it out of the self link', async () => {
    const page = await search(`Observation?patient=s1&${ferritin}&made-up-param=1`);
    expect(page.total).toBe(7);
    expect(page.link.find((l) => l.relation === 'self')?.url).not.toContain('made-up-param');
  });

  it('gives every entry an absolute fullUrl on the sandbox base', async () => {
    const page = await search('Condition?patient=s1');
    expect(page.entry.map((e) => e.fullUrl)).toEqual([`${fhirBase}/Condition/s1-rls`]);
  });
});

describe('sorting by date', () => {
  it('orders newest first across effectiveDateTime and effectivePeriod', async () => {
    const page = await search(`Observation?patient=s1&${ferritin}&_sort=-date`);
    expect(page.entry.map((e) => e.resource.id)).toEqual([
      's1-obs-5', // 2026-01-15
      's1-obs-6', // period starting 2025-07-01
      's1-obs-4', // 2024-05-14
      's1-obs-3', // 2023-04-13T08:00Z
      's1-obs-2',
      's1-obs-1',
      's1-obs-0',
    ]);
  });

  it('filters by date with a prefix', async () => {
    const page = await search(`Observation?patient=s1&${ferritin}&date=ge2024-01-01`);
    expect(page.entry.map((e) => e.resource.id).sort()).toEqual(['s1-obs-4', 's1-obs-5', 's1-obs-6']);
  });
});

describe('_include', () => {
  it("includes the order's Medication and not Medications nobody on the page refers to", async () => {
    const page = await search('MedicationRequest?patient=s1&_include=MedicationRequest:medication');
    expect(page.entry.map((e) => [e.search.mode, `${e.resource.resourceType}/${e.resource.id}`])).toEqual([
      ['match', 'MedicationRequest/s1-order'],
      ['include', 'Medication/s1-med'],
    ]);
  });
});

describe('faults carried by the launch', () => {
  it('MedicationStatement unsupported: 404 OperationOutcome and absent from that launch CapabilityStatement', async () => {
    const faulty = (await launchToken('s1', { fault: 'medication-statement-unsupported' })).access_token;
    const response = await fhirGet('MedicationStatement?patient=s1', faulty);
    expect(response.status).toBe(404);
    const outcome = await response.json();
    expect(outcome.issue[0].code).toBe('not-supported');
    const metadata = await (await fhirGet('metadata', faulty)).json();
    expect(metadata.rest[0].resource.map((r: { type: string }) => r.type)).not.toContain(
      'MedicationStatement',
    );
    // Other resource types still answer, and a healthy launch still sees MedicationStatement.
    expect((await fhirGet('MedicationRequest?patient=s1', faulty)).status).toBe(200);
    expect((await fhirGet('MedicationStatement?patient=s1', token)).status).toBe(200);
  });

  it('Observation forbidden: 403 for Observation searches and reads only', async () => {
    const faulty = (await launchToken('s1', { fault: 'observation-forbidden' })).access_token;
    expect((await fhirGet(`Observation?patient=s1&${ferritin}`, faulty)).status).toBe(403);
    expect((await fhirGet('Observation/s1-obs-0', faulty)).status).toBe(403);
    expect((await fhirGet('Condition?patient=s1', faulty)).status).toBe(200);
  });

  it('expired token: every FHIR request answers 401 invalid_token and the refresh is refused', async () => {
    const faulty = await launchToken('s1', { fault: 'expired-token' });
    const response = await fhirGet('Patient/s1', faulty.access_token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    const refresh = await exchange({
      grant_type: 'refresh_token',
      refresh_token: faulty.refresh_token ?? '',
    });
    expect(refresh.status).toBe(400);
    expect((await refresh.json()).error).toBe('invalid_grant');
  });

  it('slow server: adds the launch latency to each request', async () => {
    const slow = (await launchToken('s1', { latencyMs: 150 })).access_token;
    const started = performance.now();
    expect((await fhirGet('Patient/s1', slow)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    const fastStarted = performance.now();
    await fhirGet('Patient/s1', token);
    expect(performance.now() - fastStarted).toBeLessThan(100);
  });
});
