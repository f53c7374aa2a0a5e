'use client';

import type { BedsideFindingId, BedsideFindingsInput, FindingAnswer } from '@/lib/contracts/ids';
import { bedsideFindings } from '@/lib/knowledge/bedside-findings';

const choices: readonly { answer: FindingAnswer; label: string }[] = [
  { answer: 'yes', label: 'Yes' },
  { answer: 'no', label: 'No' },
  { answer: 'unknown', label: 'Unknown' },
];

/** Yes / no / unknown per bedside finding; every answer re-ranks the differential at once. */
export function BedsideFindingsForm({
  findings,
  onChange,
  onClear,
}: {
  findings: BedsideFindingsInput;
  onChange: (id: BedsideFindingId, answer: FindingAnswer) => void;
  onClear: () => void;
}) {
  const answered = Object.keys(findings).length;
  return (
    <section aria-labelledby="findings-heading" className="findings">
      <h2 id="findings-heading">Bedside findings</h2>
      <p className="muted small">
        Updates the differential as you answer. Kept in this browser tab for this patient only and never sent
        anywhere.
      </p>
      <form className="findings-form" onSubmit={(event) => event.preventDefault()}>
        {bedsideFindings.map((finding) => {
          const current = findings[finding.id] ?? 'unknown';
          return (
            <fieldset key={finding.id} className="finding" data-finding-id={finding.id}>
              <legend>{finding.question}</legend>
              <div className="finding-choices">
                {choices.map((choice) => (
                  <label key={choice.answer} className={`choice choice-${choice.answer}`}>
                    <input
                      type="radio"
                      name={`finding-${finding.id}`}
                      value={choice.answer}
                      checked={current === choice.answer}
                      onChange={() => onChange(finding.id, choice.answer)}
                    />
                    {choice.label}
                  </label>
                ))}
              </div>
            </fieldset>
          );
        })}
        <p className="findings-footer">
          <span className="muted small">
            {answered === 0 ? 'No findings entered.' : `${answered} of ${bedsideFindings.length} answered.`}
          </span>{' '}
          <button type="button" className="button-secondary" onClick={onClear} disabled={answered === 0}>
            Clear findings
          </button>
        </p>
      </form>
    </section>
  );
}
