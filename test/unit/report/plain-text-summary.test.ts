import { describe, expect, it } from 'vitest';
import type { Candidate, Report } from '@/lib/contracts/report-schema';
import { plainTextSummary } from '@/lib/report/plain-text-summary';
import {
  cleanChart,
  medicationsForbiddenLabsFailed,
  now,
  rlsOnSertraline,
  statementsNotOfferedChart,
} from '../../component/fixtures/reports';

// Summaries of Reports generated from the synthetic patients: the lines are checked for their
// structure and for the Report's own facts, not against retyped clinical sentences.

/** The lines under a heading of the summary, up to the next blank line. */
function section(text: string, heading: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

function candidate(report: Report, id: Candidate['id']): Candidate {
  const found = report.candidates.find((c) => c.id === id);
  if (!found) throw new Error(`no candidate ${id}`);
  return found;
}

describe('the plain-text summary for the clinical note', () => {
  it('opens with the flags: the SSRI as charted with its date and age, and the low ferritin', () => {
    const { report } = rlsOnSertraline();
    const [ssri] = report.flags.medications;
    const text = plainTextSummary(report, { now });
    const flags = section(text, 'Flags');
    expect(flags[0]).toBe(
      `- Sertraline 100MG (${ssri?.classLabel}), current, 2026-08-20, 3 months ago: ${ssri?.recommendation}`,
    );
    expect(flags[1]).toMatch(/^- Iron: Low — ferritin 32 ng\/mL, 2026-09-14, 2 months ago\. /);
    expect(flags[1]).toContain(report.flags.iron.recommendation);
    expect(text.indexOf('Flags')).toBeLessThan(text.indexOf('Differential'));
  });

  it('lists every candidate once, under its tier, with its top reason', () => {
    const { report } = rlsOnSertraline();
    const lines = section(plainTextSummary(report, { now }), 'Differential');
    const tierOf = new Map<string, string>();
    let tier = '';
    for (const line of lines) {
      if (line.endsWith(':') && !line.startsWith('- ')) tier = line.slice(0, -1);
      else tierOf.set(line, tier);
    }
    expect([...tierOf.values()]).toHaveLength(report.candidates.length);
    const tierWords = { likely: 'Likely', possible: 'Possible', 'less-likely': 'Less likely' };
    for (const c of report.candidates) {
      expect(tierOf.get(`- ${c.label}: ${c.topReason}`)).toBe(tierWords[c.tier]);
    }
    expect(lines.filter((l) => !l.startsWith('- '))).toEqual(['Likely:', 'Possible:', 'Less likely:']);
    expect(lines[1]).toBe(`- Restless legs syndrome: ${candidate(report, 'rls').topReason}`);
  });

  it('gives the next steps: evaluation not done, and questions that would tell likely candidates apart', () => {
    const { report } = rlsOnSertraline();
    const rls = candidate(report, 'rls');
    const question = (id: string) => rls.distinguishingFindings.find((f) => f.id === id)?.question;
    const text = plainTextSummary(report, { now, findings: { 'urge-to-move': 'yes' } });
    const steps = section(text, 'Next steps');
    const notDone = report.checklist.filter((item) => item.state !== 'done');
    expect(notDone.map((item) => item.id)).toEqual(['vascular-assessment', 'neurological-exam']);
    for (const item of report.checklist) {
      const listed = steps.some((s) => s.startsWith(`- ${item.label} (`));
      expect(listed, item.id).toBe(item.state !== 'done');
    }
    const apart = steps.find((s) => s.startsWith('- To tell Restless legs syndrome apart: '));
    expect(apart).toContain(question('evening-worsening'));
    expect(apart).not.toContain(question('urge-to-move'));
    expect(section(text, 'Bedside findings entered')).toEqual([`- ${question('urge-to-move')}: yes`]);
  });

  it('says no offending medication was found only after a complete medication search', () => {
    const clean = section(plainTextSummary(cleanChart().report, { now }), 'Flags');
    expect(clean[0]).toMatch(/^- No current medications known to worsen/);

    const { report } = medicationsForbiddenLabsFailed();
    const partial = plainTextSummary(report, { now });
    expect(partial).not.toMatch(/No current medications? (orders )?known to worsen/);
    const [medications] = section(partial, 'Flags');
    expect(medications).toMatch(
      /^- Medication list not fully read \(Medication statements: access not granted/,
    );
    expect(medications).toContain('HTTP 403');
    expect(section(partial, 'Data limits')).toEqual([
      expect.stringMatching(/^- Medication statements: access not granted .*HTTP 403/),
      expect.stringMatching(/^- Lab results: could not be read .*HTTP 503/),
    ]);
  });

  it('scopes the clean statement to orders when the EHR offers no medication statements', () => {
    const { report } = statementsNotOfferedChart();
    expect(report.flags.medicationSearch).toBe('complete');
    const [medications] = section(plainTextSummary(report, { now }), 'Flags');
    expect(medications).toMatch(/^- No current medication orders known to worsen/);
    expect(medications).toContain('not offered by this EHR');
  });

  it('carries no patient name or identifier', () => {
    const { snapshot, report } = rlsOnSertraline();
    const text = plainTextSummary(report, { now });
    expect(snapshot.patient?.name?.[0]?.family).toBe('Quillfeather');
    for (const identifying of ['p01', 'Quillfeather', 'Ada', snapshot.patient?.birthDate ?? '1961']) {
      expect(text).not.toContain(identifying);
    }
  });
});
