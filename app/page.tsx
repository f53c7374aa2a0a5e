import { connection } from 'next/server';
import { ChartShell } from '@/app/chart/chart-shell';
import { readLaunchConfig } from '@/lib/fhir/launch-config';

// The redirect URI of the SMART launch and the in-chart app. The launch configuration is read per
// request and handed to the client shell, which completes the sign-in in the browser.
export default async function ChartPage() {
  await connection();
  const result = readLaunchConfig(process.env);
  return <ChartShell config={result.ok ? result.config : null} />;
}
