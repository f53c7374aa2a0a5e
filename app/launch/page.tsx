import { connection } from 'next/server';
import { readLaunchConfig } from '@/lib/fhir/launch-config';
import { LaunchClient } from './launch-client';

export const metadata = { title: 'Launching… · Leg symptom differential' };

// The SMART launch URL. The configuration is read per request (not at build time), so a deploy
// can change client ids and scopes without a rebuild.
export default async function LaunchPage() {
  await connection();
  const result = readLaunchConfig(process.env);
  if (!result.ok) console.error(`SMART launch configuration is invalid: ${result.problems.join('; ')}`);
  return <LaunchClient config={result.ok ? result.config : null} />;
}
