export default function NotLaunchedPage() {
  return (
    <main>
      <h1>Leg symptom differential</h1>
      <p>
        This app opens inside a patient&apos;s chart. Launch it from your EHR (Epic, Oracle Health) or from a
        SMART launcher; it then reads that patient&apos;s conditions, medications and labs and shows a
        differential for leg spasms with medication and iron flags.
      </p>
      <p>
        Administrators: register the launch URL <code>/launch</code> with your EHR. See the README for client
        ids and scopes.
      </p>
    </main>
  );
}
