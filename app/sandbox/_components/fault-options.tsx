import { type FaultId, faultIds, faultLabels, latencyChoicesMs } from '@/lib/sandbox/faults';
import styles from '../sandbox.module.css';

/** The fault and latency selectors shared by the launcher and the standalone patient picker. */
export function FaultOptions({
  faultName,
  latencyName,
  exclude = [],
}: {
  faultName: string;
  latencyName: string;
  exclude?: readonly FaultId[];
}) {
  return (
    <div className={styles.options}>
      <label>
        Fault to simulate
        <select name={faultName} defaultValue="none">
          {faultIds
            .filter((id) => !exclude.includes(id))
            .map((id) => (
              <option key={id} value={id}>
                {faultLabels[id]}
              </option>
            ))}
        </select>
      </label>
      <label>
        Added server latency per request
        <select name={latencyName} defaultValue="0">
          {latencyChoicesMs.map((ms) => (
            <option key={ms} value={ms}>
              {ms === 0 ? 'None' : `${ms} ms`}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
