import type { fhirclient } from 'fhirclient/lib/types';

// What the token response says about how to show the app (SMART App Launch 2.x launch context).
// https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token

export interface LaunchContext {
  patientId: string | null;
  /** The EHR shows its own patient header unless it asks for ours (absent means show it). */
  showPatientBanner: boolean;
  smartStyleUrl: string | null;
  intent: string | null;
}

export function launchContextFrom(tokenResponse: fhirclient.TokenResponse | undefined): LaunchContext {
  const token = tokenResponse ?? {};
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  return {
    patientId: text(token.patient),
    showPatientBanner: token.need_patient_banner !== false,
    smartStyleUrl: text(token.smart_style_url),
    intent: text(token.intent),
  };
}
