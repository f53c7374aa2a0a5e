import BrowserAdapter from 'fhirclient/lib/adapters/BrowserAdapter';
import Client from 'fhirclient/lib/Client';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fhirclientSettings } from '@/lib/fhir/authorize-params';
import { transportFromClient } from '@/lib/fhir/fhirclient-transport';
import { loadChart } from '@/lib/fhir/load-chart';
import { emulate, plainBase, plainPatientId, plainRoute } from '../../integration/fhir/emulated-servers';

// The app's transport over a real fhirclient Client: the bearer comes from fhirclient's state and
// a 401 makes fhirclient refresh the token at the token endpoint.

const tokenUri = 'https://auth.plain.example/token';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  sessionStorage.clear();
});
afterAll(() => server.close());

function clientWith(tokenResponse: Record<string, string>) {
  return new Client(new BrowserAdapter(fhirclientSettings(true)), {
    serverUrl: `${plainBase}/`,
    clientId: 'leg-symptom-differential',
    tokenUri,
    tokenResponse: {
      token_type: 'Bearer',
      patient: plainPatientId,
      scope: 'launch openid fhirUser online_access patient/Patient.read',
      ...tokenResponse,
    },
  });
}

describe('the fhirclient transport', () => {
  it('sends the bearer token from the SMART session and loads the chart', async () => {
    const plain = emulate(plainBase, plainRoute(), { token: 'at-1' });
    server.use(...plain.handlers);
    const snapshot = await loadChart(transportFromClient(clientWith({ access_token: 'at-1' })), {
      patientId: plainPatientId,
    });
    expect(snapshot.patient?.id).toBe(plainPatientId);
    expect(snapshot.queries.every((q) => q.status === 'ok')).toBe(true);
  });

  it('refreshes an expired token through fhirclient once, then carries on with the new one', async () => {
    const plain = emulate(plainBase, plainRoute(), { token: 'at-2' });
    let refreshRequests = 0;
    server.use(
      ...plain.handlers,
      http.post(tokenUri, async ({ request }) => {
        refreshRequests++;
        const body = new URLSearchParams(await request.text());
        expect(body.get('grant_type')).toBe('refresh_token');
        expect(body.get('refresh_token')).toBe('rt-1');
        expect(body.get('client_id')).toBe('leg-symptom-differential');
        return HttpResponse.json({ access_token: 'at-2', token_type: 'Bearer', expires_in: 600 });
      }),
    );
    const client = clientWith({ access_token: 'at-expired', refresh_token: 'rt-1' });
    const snapshot = await loadChart(transportFromClient(client), { patientId: plainPatientId });
    expect(refreshRequests).toBe(1);
    expect(snapshot.queries.every((q) => q.status === 'ok')).toBe(true);
    expect(client.getAuthorizationHeader()).toBe('Bearer at-2');
  });

  it('does not try to refresh without a refresh token', async () => {
    const transport = transportFromClient(clientWith({ access_token: 'at' }));
    await expect(transport.refresh?.()).resolves.toBe(false);
  });
});
