import { describe, expect, it } from 'vitest';
import { plainTextSummary } from '@/lib/report/plain-text-summary';
import {
  cleanChartReport,
  medicationsForbiddenReport,
  now,
  rlsOnSertralineReport,
} from '../../component/fixtures/reports';

describe('the plain-text summary for the clinical note', () => {
  it('opens with the flags: the SSRI as charted with its date, and the low ferritin', () => {
    const text = plainTextSummary(rlsOnSertralineReport(), { now });
    expect(text).toContain(
      '- Sertraline 100MG (SSRI), current, 2026-10-01, 7 weeks ago: Review; consider stopping or substituting.',
    );
    expect(text).toContain('- Iron: Low — ferritin 32 ng/mL, 2025-09-10, 14 months ago.');
    expect(text.indexOf('Flags')).toBeLessThan(text.indexOf('Differential'));
  });

  it('lists the candidates under their tiers with their top reasons', () => {
    const text = plainTextSummary(rlsOnSertralineReport(), { now });
    expect(text).toContain('Likely:\n- Restless legs syndrome: Coded restless legs syndrome (active)');
    expect(text).toContain('Possible:\n- Periodic limb movements of sleep');
    expect(text).toMatch(/Less likely:\n(- .*\n){5}- Positional discomfort/);
  });

  it('gives the next steps: evaluation not done, and questions that would tell likely candidates apart', () => {
    const text = plainTextSummary(rlsOnSertralineReport(), { now, findings: { 'urge-to-move': 'yes' } });
    expect(text).toContain('- Vascular assessment (Not assessable from the chart)');
    expect(text).toContain('- To tell Restless legs syndrome apart: Worse in the evening or at night');
    expect(text).not.toContain('apart: Urge to move');
    expect(text).toContain(
      'Bedside findings entered\n- Urge to move the legs, with unpleasant sensations: yes',
    );
  });

  it('says no offending medication was found only after a complete medication search', () => {
    expect(plainTextSummary(cleanChartReport(), { now })).toContain(
      'No current medications known to worsen these symptoms',
    );
    const partial = plainTextSummary(medicationsForbiddenReport(), { now });
    expect(partial).not.toContain('No current medications known to worsen these symptoms');
    expect(partial).toContain('Medication statements: access not granted (HTTP 403)');
    expect(partial).toContain('Data limits\n- Medication statements: access not granted (HTTP 403)');
  });

  it('scopes the clean statement to orders when the EHR offers no medication statements', () => {
    const report = cleanChartReport();
    report.dataGaps.push({ resourceType: 'MedicationStatement', reason: 'unsupported', detail: 'HTTP 404' });
    const text = plainTextSummary(report, { now });
    expect(text).toContain('No current medication orders known to worsen these symptoms');
    expect(text).not.toContain('No current medications known to worsen these symptoms');
  });

  it('carries no patient name or identifier', () => {
    const text = plainTextSummary(rlsOnSertralineReport(), { now });
    expect(text).not.toContain('Patient/p01');
  });
});
