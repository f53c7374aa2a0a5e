import { candidateIds } from '@/lib/contracts/ids';
import { type IronFlag, type MedicationFlag, type Report, reportSchema } from '@/lib/contracts/report-schema';

// Hand-written Reports for the card builder, checked against the Report schema so they stay
// honest to the contract while the pure core is built.

export function sertralineFlag(overrides: Partial<MedicationFlag> = {}): MedicationFlag {
  return {
    class: 'ssri',
    classLabel: 'SSRI',
    ingredient: 'sertraline',
    display: 'Sertraline 100MG',
    status: 'current',
    date: '2026-09-01',
    sources: ['MedicationStatement/p01-sertraline', 'MedicationRequest/p01-sertraline-order'],
    recommendation: 'Review: consider stopping or substituting if clinically appropriate.',
    citation: 'seed [2]',
    ...overrides,
  };
}

export function ironFlag(overrides: Partial<IronFlag> = {}): IronFlag {
  return {
    status: 'normal',
    ferritinNgPerMl: 150,
    comparator: null,
    original: null,
    date: '2026-10-01',
    sources: ['Observation/p15-ferritin'],
    reason: 'Ferritin 150 ng/mL on 2026-10-01 is above the supplementation threshold.',
    recommendation: 'No iron supplementation indicated by ferritin.',
    citation: 'seed [1][2][3]',
    ...overrides,
  };
}

export function makeReport(
  flags: { medications?: MedicationFlag[]; iron?: IronFlag } = {},
  overrides: Partial<Report> = {},
): Report {
  return reportSchema.parse({
    schemaVersion: 1,
    generatedAt: '2026-11-25T12:00:00.000Z',
    patient: { reference: 'Patient/p01', ageYears: 65, sex: 'female' },
    candidates: candidateIds.map((id) => ({
      id,
      label: id,
      tier: id === 'rls' ? 'possible' : 'less-likely',
      topReason: 'test',
      supporting: [],
      against: [],
      distinguishingFindings: [],
      citation: 'seed [1]',
    })),
    flags: {
      medications: flags.medications ?? [],
      medicationSearch: 'complete',
      iron: flags.iron ?? ironFlag(),
    },
    notes: [],
    checklist: [],
    pitfalls: [],
    considerations: [],
    dataGaps: [],
    quarantined: [],
    ...overrides,
  });
}
