import { candidateIds, offendingClassIds } from '../../contracts/ids';
import { ironFlagSchema, type Report } from '../../contracts/report-schema';

// `--summary`: counts over a population's reports, as a table for people and CSV for tools. Pure.
// CSV rows are `group,item,count`, so the rows of several shards add up with one group-by, except
// the `export` group, which describes the whole export and is the same in every shard.

export interface PopulationTally {
  patients: number;
  /** Patients with at least one current flag of the class. */
  currentMedicationClass: Record<string, number>;
  ironStatus: Record<string, number>;
  likelyCandidates: Record<string, number>;
  patientsWithDataGaps: number;
  dataGaps: number;
  /** Patients with a resource of their own that failed validation, and how many such resources. */
  patientsWithQuarantined: number;
  quarantinedResources: number;
}

export function emptyPopulationTally(): PopulationTally {
  return {
    patients: 0,
    currentMedicationClass: {},
    ironStatus: {},
    likelyCandidates: {},
    patientsWithDataGaps: 0,
    dataGaps: 0,
    patientsWithQuarantined: 0,
    quarantinedResources: 0,
  };
}

const bump = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

/** Adds one report. `exportLevelQuarantined` entries at the head of `quarantined` belong to the export. */
export function tallyReport(tally: PopulationTally, report: Report, exportLevelQuarantined = 0): void {
  tally.patients += 1;
  const current = new Set(report.flags.medications.filter((f) => f.status === 'current').map((f) => f.class));
  for (const drugClass of current) bump(tally.currentMedicationClass, drugClass);
  bump(tally.ironStatus, report.flags.iron.status);
  for (const candidate of report.candidates)
    if (candidate.tier === 'likely') bump(tally.likelyCandidates, candidate.id);
  if (report.dataGaps.length > 0) tally.patientsWithDataGaps += 1;
  tally.dataGaps += report.dataGaps.length;
  const own = Math.max(0, report.quarantined.length - exportLevelQuarantined);
  if (own > 0) tally.patientsWithQuarantined += 1;
  tally.quarantinedResources += own;
}

export function addTallies(into: PopulationTally, from: PopulationTally): void {
  into.patients += from.patients;
  for (const [key, n] of Object.entries(from.currentMedicationClass))
    bump(into.currentMedicationClass, key, n);
  for (const [key, n] of Object.entries(from.ironStatus)) bump(into.ironStatus, key, n);
  for (const [key, n] of Object.entries(from.likelyCandidates)) bump(into.likelyCandidates, key, n);
  into.patientsWithDataGaps += from.patientsWithDataGaps;
  into.dataGaps += from.dataGaps;
  into.patientsWithQuarantined += from.patientsWithQuarantined;
  into.quarantinedResources += from.quarantinedResources;
}

/** What was read, skipped and quarantined across the whole export (not per patient). */
export interface ExportTally {
  files: number;
  /** Non-empty lines read. */
  lines: number;
  /** Lines of types the analysis does not read (Claim, Encounter...), by type. */
  skippedByType: Record<string, number>;
  /** Lines that are not JSON, or not FHIR resources. */
  unreadableLines: number;
  /** Resources of a type read that name no patient (no id, a subject that is not a Patient). */
  unattributableResources: number;
  /** Lines of types not read that look truncated (kept out of the reports). */
  truncatedSkippedLines: number;
  /** Files that could not be read to their end (truncated gzip, I/O error). */
  filesEndedEarly: number;
  /** Resources about a patient that has no Patient resource in the export. */
  orphanResources: number;
  /** Patients whose analysis failed (a bug): no report. */
  analysisErrors: number;
}

export interface SummaryRow {
  group: string;
  item: string;
  count: number;
}

/** Every row, in a fixed order: known ids first (zeros included), then any others by name. */
export function summaryRows(population: PopulationTally, exported: ExportTally | null): SummaryRow[] {
  const rows: SummaryRow[] = [{ group: 'patients', item: 'analysed', count: population.patients }];
  const section = (group: string, known: readonly string[], counts: Record<string, number>) => {
    const extra = Object.keys(counts)
      .filter((k) => !known.includes(k))
      .sort();
    for (const item of [...known, ...extra]) rows.push({ group, item, count: counts[item] ?? 0 });
  };
  section('medication-current', offendingClassIds, population.currentMedicationClass);
  section('iron', ironFlagSchema.shape.status.options, population.ironStatus);
  section('likely', candidateIds, population.likelyCandidates);
  rows.push(
    { group: 'data-gaps', item: 'patients', count: population.patientsWithDataGaps },
    { group: 'data-gaps', item: 'gaps', count: population.dataGaps },
    { group: 'quarantined', item: 'patients', count: population.patientsWithQuarantined },
    { group: 'quarantined', item: 'resources', count: population.quarantinedResources },
  );
  if (exported) {
    const skipped = Object.values(exported.skippedByType).reduce((a, b) => a + b, 0);
    rows.push(
      { group: 'export', item: 'files', count: exported.files },
      { group: 'export', item: 'lines', count: exported.lines },
      { group: 'export', item: 'skipped-lines-types-not-read', count: skipped },
      { group: 'export', item: 'quarantined-unreadable-lines', count: exported.unreadableLines },
      { group: 'export', item: 'quarantined-without-patient', count: exported.unattributableResources },
      { group: 'export', item: 'quarantined-truncated-skipped-lines', count: exported.truncatedSkippedLines },
      { group: 'export', item: 'files-ended-early', count: exported.filesEndedEarly },
      { group: 'export', item: 'resources-of-absent-patients', count: exported.orphanResources },
      { group: 'export', item: 'analysis-errors', count: exported.analysisErrors },
    );
  }
  return rows;
}

const csvField = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function summaryCsv(rows: readonly SummaryRow[]): string {
  return `group,item,count\n${rows.map((r) => `${csvField(r.group)},${csvField(r.item)},${r.count}`).join('\n')}\n`;
}

/** A plain-text table, with each count's share of the patients where that means something. */
export function summaryTable(rows: readonly SummaryRow[]): string {
  const patients = rows.find((r) => r.group === 'patients')?.count ?? 0;
  const perPatient = new Set(['medication-current', 'iron', 'likely']);
  const cells = rows.map((r) => [
    r.group,
    r.item,
    String(r.count),
    perPatient.has(r.group) && patients > 0 ? `${((100 * r.count) / patients).toFixed(1)} %` : '',
  ]);
  const header = ['group', 'item', 'count', 'share'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) =>
    c
      .map((cell, i) => (i >= 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...cells.map(line)].join('\n')}\n`;
}
