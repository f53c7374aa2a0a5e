import { z } from 'zod';

// Failure modes the sandbox can play, carried in the signed launch context and then in the access
// token claims (never in server-wide state), so parallel launches each see only their own fault.
// Modelled on smart-launcher-v2's launch options.

export const faultIds = [
  'none',
  'medication-statement-unsupported',
  'observation-forbidden',
  'medication-request-forbidden',
  'expired-token',
  'deny',
] as const;
export type FaultId = (typeof faultIds)[number];

export const faultLabels: Record<FaultId, string> = {
  none: 'None: a healthy EHR',
  'medication-statement-unsupported': 'MedicationStatement unsupported (404 OperationOutcome)',
  'observation-forbidden': 'Observation forbidden (403)',
  'medication-request-forbidden': 'MedicationRequest forbidden (403)',
  'expired-token': 'Access token expires immediately (401)',
  deny: 'Clinician denies access (access_denied)',
};

export const latencyChoicesMs = [0, 50, 150, 500] as const;
export const maxLatencyMs = 5000;

export const launchContextSchema = z.object({
  patient: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/),
  fault: z.enum(faultIds).default('none'),
  latencyMs: z.number().int().min(0).max(maxLatencyMs).default(0),
});
export type LaunchContext = z.infer<typeof launchContextSchema>;

/** Reads fault and latency from query-like input (the launcher form), clamping what is out of range. */
export function parseFaultOptions(params: URLSearchParams): { fault: FaultId; latencyMs: number } {
  const fault = z.enum(faultIds).safeParse(params.get('fault'));
  const latency = Number.parseInt(params.get('latency') ?? '0', 10);
  return {
    fault: fault.success ? fault.data : 'none',
    latencyMs: Number.isFinite(latency) ? Math.min(Math.max(latency, 0), maxLatencyMs) : 0,
  };
}
