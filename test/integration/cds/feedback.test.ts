import { afterEach, describe, expect, it, vi } from 'vitest';
import { POST as patientViewFeedback } from '@/app/cds-services/leg-symptom-differential/feedback/route';
import { POST as orderSelectFeedback } from '@/app/cds-services/leg-symptom-differential-order-select/feedback/route';
import { POST as orderSignFeedback } from '@/app/cds-services/leg-symptom-differential-order-sign/feedback/route';
import { feedbackCounts } from '@/lib/cds/feedback';
import { overrideReasonSystem } from '@/lib/cds/order-cards';

// The feedback endpoint of each service (CDS Hooks 2.0 "Feedback"): the spec's example bodies,
// counted per service, outcome and override reason, one structured log line without ids or
// comments, and 400 with field names for bodies that are not feedback.

const base = 'https://legs.example.org/cds-services';
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

type Handler = (request: Request) => Promise<Response>;

async function post(handler: Handler, service: string, body: unknown) {
  const response = await handler(
    new Request(`${base}/${service}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const cardId = '9368d37b-283f-44a0-93ea-547cebab93ed';
const overridden = (reason?: { system: string; code: string }, userComment?: string) => ({
  card: cardId,
  outcome: 'overridden',
  ...(reason || userComment ? { overrideReason: { ...(reason ? { reason } : {}), userComment } } : {}),
  outcomeTimestamp: '2026-11-25T10:00:00Z',
});
const accepted = {
  card: '4e0a3a1e-3283-4575-ab82-028d55fe2719',
  outcome: 'accepted',
  acceptedSuggestions: [{ id: 'e56e1945-20b3-4393-8503-a1a20fd73152' }],
  outcomeTimestamp: '2026-11-25T10:00:00Z',
};

const countsOf = (service: string) =>
  feedbackCounts()[service] ?? { accepted: 0, overridden: 0, overriddenBy: {} as Record<string, number> };

describe('feedback', () => {
  it('counts an override with one of the card reasons, one with the EHR’s own and one without, and logs no ids or comments', async () => {
    const service = 'leg-symptom-differential-order-select';
    const before = countsOf(service);
    const lines: string[] = [];
    vi.spyOn(console, 'info').mockImplementation((line: string) => {
      lines.push(line);
    });
    const { status, body } = await post(orderSelectFeedback, service, {
      feedback: [
        overridden({ system: overrideReasonSystem, code: 'patient-tolerates' }, 'Patient Jane Doe says fine'),
        overridden({ system: 'https://ehr.example.org/reasons', code: 'd7ecf885' }),
        overridden(),
      ],
    });
    expect(status).toBe(200);
    expect(body).toBeNull();
    const after = countsOf(service);
    expect(after.overridden - before.overridden).toBe(3);
    expect(after.accepted - before.accepted).toBe(0);
    expect(
      (after.overriddenBy['patient-tolerates'] ?? 0) - (before.overriddenBy['patient-tolerates'] ?? 0),
    ).toBe(1);
    expect((after.overriddenBy.other ?? 0) - (before.overriddenBy.other ?? 0)).toBe(1);
    expect((after.overriddenBy.none ?? 0) - (before.overriddenBy.none ?? 0)).toBe(1);

    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0] ?? '');
    expect(logged).toMatchObject({
      event: 'cds-hooks.feedback',
      service,
      accepted: 0,
      overridden: 3,
      overriddenBy: { 'patient-tolerates': 1, other: 1, none: 1 },
    });
    expect(lines[0]).not.toContain(cardId);
    expect(lines[0]).not.toContain('Jane Doe');
    expect(lines[0]).not.toContain('d7ecf885');
  });

  it('counts accepted suggestions per service: patient-view and order-sign keep their own tallies', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    const before = [countsOf('leg-symptom-differential'), countsOf('leg-symptom-differential-order-sign')];
    expect(
      (await post(patientViewFeedback, 'leg-symptom-differential', { feedback: [accepted] })).status,
    ).toBe(200);
    expect(
      (
        await post(orderSignFeedback, 'leg-symptom-differential-order-sign', {
          feedback: [accepted, overridden()],
        })
      ).status,
    ).toBe(200);
    const after = [countsOf('leg-symptom-differential'), countsOf('leg-symptom-differential-order-sign')];
    expect(after.map((c, i) => c.accepted - (before[i]?.accepted ?? 0))).toEqual([1, 1]);
    expect(after.map((c, i) => c.overridden - (before[i]?.overridden ?? 0))).toEqual([0, 1]);
  });

  it.each([
    ['no feedback array', {}, 'feedback'],
    ['an empty feedback array', { feedback: [] }, 'feedback'],
    [
      'an outcome that is not accepted or overridden',
      { feedback: [{ ...accepted, outcome: 'ignored' }] },
      'feedback.0.outcome',
    ],
    [
      'accepted without acceptedSuggestions',
      { feedback: [{ ...accepted, acceptedSuggestions: undefined }] },
      'feedback.0.acceptedSuggestions',
    ],
    [
      'no outcomeTimestamp',
      { feedback: [{ ...accepted, outcomeTimestamp: undefined }] },
      'feedback.0.outcomeTimestamp',
    ],
    [
      'an outcomeTimestamp that is not ISO',
      { feedback: [{ ...accepted, outcomeTimestamp: 'yesterday' }] },
      'feedback.0.outcomeTimestamp',
    ],
    ['no card', { feedback: [{ ...accepted, card: undefined }] }, 'feedback.0.card'],
    [
      'an override reason on an accepted card',
      { feedback: [{ ...accepted, overrideReason: { userComment: 'x' } }] },
      'feedback.0.overrideReason',
    ],
  ])('answers 400 naming the field for %s, and counts nothing', async (_story, body, field) => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const before = countsOf('leg-symptom-differential');
    const { status, body: outcome } = await post(patientViewFeedback, 'leg-symptom-differential', body);
    expect(status).toBe(400);
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0].diagnostics).toContain(`${field}:`);
    expect(countsOf('leg-symptom-differential')).toEqual(before);
    expect(info).not.toHaveBeenCalled();
  });

  it('refuses feedback without a signed JWT when trusted clients are configured', async () => {
    vi.stubEnv('CDS_JWKS_ALLOWLIST', 'https://ehr.example.org/jwks.json');
    const { status, body } = await post(patientViewFeedback, 'leg-symptom-differential', {
      feedback: [accepted],
    });
    expect(status).toBe(401);
    expect(body.issue[0].code).toBe('security');
  });
});
