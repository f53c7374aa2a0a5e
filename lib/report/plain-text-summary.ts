import type { BedsideFindingsInput } from '../contracts/ids';
import type { Report } from '../contracts/report-schema';
import { bedsideFindings } from '../knowledge/bedside-findings';
import {
  checklistStateLabels,
  cleanMedicationText,
  dataGapText,
  deceasedMedicationsText,
  deceasedText,
  ferritinOriginalText,
  ferritinValueText,
  ironStatusLabels,
  medicationGapTypes,
  medicationStatusLabels,
  mergedDataGaps,
  tierLabels,
  tierOrder,
} from '../knowledge/report-labels';
import { relativeAge } from './relative-age';

// The plain-text summary a clinician pastes into a note: flags, the tiered differential with top
// reasons, and next steps. No patient name or identifier: the note already belongs to the chart.

export interface SummaryOptions {
  now: Date;
  /** Bedside findings the clinician entered; unknown ones are left out. */
  findings?: BedsideFindingsInput;
}

function dated(date: string | null, now: Date): string {
  if (!date) return 'undated';
  const age = relativeAge(date, now);
  return age ? `${date.slice(0, 10)}, ${age}` : date.slice(0, 10);
}

function medicationLines(report: Report, now: Date): string[] {
  const { medications, medicationSearch } = report.flags;
  const lines = medications.map(
    (m) =>
      `- ${m.display} (${m.classLabel}), ${medicationStatusLabels[m.status]}, ${dated(m.date, now)}: ${m.recommendation}` +
      (m.confirmStillTaking ? ` ${m.confirmStillTaking.text}` : ''),
  );
  if (medicationSearch === 'complete') {
    const deceased = deceasedMedicationsText(report.patient);
    if (deceased) lines.push(`- ${deceased}`);
    else if (lines.length === 0) lines.push(`- ${cleanMedicationText(report)}.`);
    return lines;
  }
  const gaps = report.dataGaps.filter((g) => medicationGapTypes.includes(g.resourceType));
  const named = gaps.length > 0 ? gaps.map(dataGapText).join('; ') : 'medication search incomplete';
  lines.push(`- Medication list not fully read (${named}): medications could not be fully checked.`);
  return lines;
}

function ironLine(report: Report, now: Date): string {
  const iron = report.flags.iron;
  const value = ferritinValueText(iron);
  const original = ferritinOriginalText(iron);
  const parts = [`Iron: ${ironStatusLabels[iron.status]}`];
  if (value) parts.push(`ferritin ${value}${original ? ` (${original})` : ''}, ${dated(iron.date, now)}`);
  return `- ${parts.join(' — ')}. ${iron.reason} ${iron.recommendation}`.replace(/\s+/g, ' ').trim();
}

export function plainTextSummary(report: Report, options: SummaryOptions): string {
  const { now } = options;
  const out: string[] = [];
  out.push(
    `Leg symptom differential (decision support, not a diagnosis) — ${now.toISOString().slice(0, 10)}`,
  );
  const deceased = deceasedText(report.patient);
  if (deceased) out.push(`Patient ${deceased}.`);
  out.push('');
  out.push('Flags');
  out.push(...medicationLines(report, now));
  out.push(ironLine(report, now));
  for (const note of report.notes) out.push(`- Note: ${note.text}`);
  out.push('');
  out.push('Differential');
  for (const tier of tierOrder) {
    const candidates = report.candidates.filter((c) => c.tier === tier);
    if (candidates.length === 0) continue;
    out.push(`${tierLabels[tier]}:`);
    for (const c of candidates) out.push(`- ${c.label}: ${c.topReason}`);
  }
  const answered = bedsideFindings.filter((f) => {
    const answer = options.findings?.[f.id];
    return answer === 'yes' || answer === 'no';
  });
  if (answered.length > 0) {
    out.push('');
    out.push('Bedside findings entered');
    for (const f of answered) out.push(`- ${f.question}: ${options.findings?.[f.id]}`);
  }
  const steps = report.checklist.filter((item) => item.state !== 'done');
  out.push('');
  out.push('Next steps');
  if (steps.length === 0) out.push('- Essential evaluation complete.');
  for (const item of steps) out.push(`- ${item.label} (${checklistStateLabels[item.state]}): ${item.reason}`);
  for (const c of report.candidates.filter((c) => c.tier !== 'less-likely')) {
    const questions = c.distinguishingFindings
      .filter((f) => (options.findings?.[f.id] ?? 'unknown') === 'unknown')
      .map((f) => f.question);
    if (questions.length > 0) out.push(`- To tell ${c.label} apart: ${questions.join('; ')}`);
  }
  if (report.dataGaps.length > 0 || report.quarantined.length > 0) {
    out.push('');
    out.push('Data limits');
    for (const gap of mergedDataGaps(report.dataGaps)) out.push(`- ${dataGapText(gap)}`);
    if (report.quarantined.length > 0) {
      out.push(`- ${report.quarantined.length} chart resource(s) skipped as unreadable.`);
    }
  }
  return out.join('\n');
}
