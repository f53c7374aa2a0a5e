import { requestOrigin } from './enabled';
import { launchContextSchema, parseFaultOptions } from './faults';
import { getFhirServer } from './fhir-repository';
import { mintLaunch } from './oauth';
import { sandboxUrls } from './smart-configuration';
import { verifyToken } from './tokens';

// The launcher's actions: start an EHR launch inside the mock chart frame, or a standalone launch.

export const appLaunchPath = '/launch';
export const chartFramePath = '/sandbox/ehr';

/** The launcher form posts (patient ids stay out of URLs); GET with the same fields works for scripts. */
export async function handleStart(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (request.method === 'POST') {
    for (const [name, value] of new URLSearchParams(await request.text())) url.searchParams.set(name, value);
  }
  const urls = sandboxUrls(requestOrigin(request));
  const see = (location: string) => new Response(null, { status: 303, headers: { location } });
  if (url.searchParams.get('mode') === 'standalone') {
    return see(`${appLaunchPath}?${new URLSearchParams({ iss: urls.fhirBase }).toString()}`);
  }
  const { fixtures } = await getFhirServer();
  const options = parseFaultOptions(url.searchParams);
  const parsed = launchContextSchema.safeParse({ patient: url.searchParams.get('patient'), ...options });
  if (!parsed.success || !fixtures.patients.some((p) => p.id === parsed.data.patient)) {
    return new Response('Choose one of the sandbox patients', { status: 400 });
  }
  const launch = await mintLaunch(parsed.data);
  return see(`${chartFramePath}?${new URLSearchParams({ launch }).toString()}`);
}

/** What the mock chart frame shows for a launch token, or null when the token is not valid. */
export async function chartFrameFor(launch: string, origin: string) {
  const verified = await verifyToken('launch', launch);
  if (!verified.ok) return null;
  const { fixtures } = await getFhirServer();
  const patient = fixtures.patients.find((p) => p.id === verified.claims.patient);
  if (!patient) return null;
  const appUrl = `${appLaunchPath}?${new URLSearchParams({ iss: sandboxUrls(origin).fhirBase, launch }).toString()}`;
  return { patient, fault: verified.claims.fault, latencyMs: verified.claims.latencyMs, appUrl };
}
