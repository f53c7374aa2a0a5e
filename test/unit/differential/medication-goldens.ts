import type { CandidateId } from '@/lib/contracts/ids';
import type { Report } from '@/lib/contracts/report-schema';

// Golden reports of the medication charts p20–p29 (clinical spec §2, revision 2), spread into the
// table of fixture-patients.test.ts. Each story is in fhir-fixtures/patients/README.md.

export interface MedicationGolden {
  likely: CandidateId[];
  possible: CandidateId[];
  /** "class:ingredient:status", in the Report's order. */
  flags: string[];
  iron: Report['flags']['iron']['status'];
  ferritin: 'done' | 'due';
}

export const medicationGoldens: Record<string, MedicationGolden> = {
  // Brand-only texts and a local-code display: Fetzima, Rexulti, Unisom, Pristiq (stopped 36 days ago);
  // Zofran and trazodone are kept off.
  p20: {
    likely: [],
    possible: ['akathisia', 'rls'],
    flags: [
      'dopamine-antagonist:brexpiprazole:current',
      'sedating-antihistamine:doxylamine:current',
      'snri:levomilnacipran:current',
      'snri:desvenlafaxine:recent',
    ],
    iron: 'normal',
    ferritin: 'done',
  },
  // ATC only: per ingredient (N06AB06, N06AA09 without display, N05AN01) and a class member no row
  // names (zuclopenthixol N05AF05); clozapine N05AH02 and cetirizine R06AE07 are not flagged.
  p21: {
    likely: [],
    possible: ['akathisia', 'nocturnal-leg-cramps', 'rls'],
    flags: [
      'ssri:sertraline:current',
      'tca:amitriptyline:current',
      'lithium:lithium:current',
      'dopamine-antagonist:zuclopenthixol:current',
    ],
    iron: 'normal',
    ferritin: 'done',
  },
  // Topical doxepin (route code), diphenhydramine cream (dose form in the name), a topical gel and a
  // nasal spray (route text) are not flagged; oral hydroxyzine is.
  p22: {
    likely: [],
    possible: ['rls'],
    flags: ['sedating-antihistamine:hydroxyzine:current'],
    iron: 'normal',
    ferritin: 'done',
  },
  // ED doses three days ago: recent flags from MedicationAdministration; not-done and entered-in-error
  // doses never count.
  p23: {
    likely: [],
    possible: ['akathisia', 'nocturnal-leg-cramps', 'rls'],
    flags: [
      'dopamine-antagonist:droperidol:recent',
      'dopamine-antagonist:metoclopramide:recent',
      'sedating-antihistamine:diphenhydramine:recent',
    ],
    iron: 'normal',
    ferritin: 'done',
  },
  // Invega Sustenna three weeks ago: current within its 5-week interval.
  p24: {
    likely: [],
    possible: ['akathisia', 'rls'],
    flags: ['dopamine-antagonist:paliperidone:current'],
    iron: 'normal',
    ferritin: 'done',
  },
  // Haloperidol decanoate eight weeks ago: past its interval, recent; fluphenazine decanoate 2024: past.
  p25: {
    likely: [],
    possible: ['akathisia', 'rls'],
    flags: ['dopamine-antagonist:haloperidol:recent'],
    iron: 'normal',
    ferritin: 'done',
  },
  // Old active orders stay current; only quetiapine (nothing newer since 2019) asks to confirm.
  p26: {
    likely: [],
    possible: ['akathisia', 'nocturnal-leg-cramps', 'rls'],
    flags: [
      'ssri:sertraline:current',
      'dopamine-antagonist:quetiapine:current',
      'mirtazapine:mirtazapine:current',
    ],
    iron: 'normal',
    ferritin: 'done',
  },
  // Parkinson's disease: pramipexole and levodopa treat it; no augmentation note, no RLS evidence.
  p27: { likely: [], possible: ['rls'], flags: [], iron: 'normal', ferritin: 'done' },
  // Combination and motion-sickness brands: NyQuil, Tylenol PM, Dramamine, Dramamine Less Drowsy.
  p28: {
    likely: [],
    possible: ['nocturnal-leg-cramps', 'rls'],
    flags: [
      'sedating-antihistamine:dimenhydrinate:current',
      'sedating-antihistamine:diphenhydramine:current',
      'sedating-antihistamine:doxylamine:current',
      'sedating-antihistamine:meclizine:current',
    ],
    iron: 'normal',
    ferritin: 'done',
  },
  // A Synthea-style transaction bundle: Invega Trinza by a Medication reference (3-monthly: current),
  // Symbyax (two flags), Caplyta, and an IM haloperidol last night with a contained Medication.
  p29: {
    likely: [],
    possible: ['akathisia', 'rls'],
    flags: [
      'ssri:fluoxetine:current',
      'dopamine-antagonist:lumateperone:current',
      'dopamine-antagonist:olanzapine:current',
      'dopamine-antagonist:paliperidone:current',
      'dopamine-antagonist:haloperidol:recent',
    ],
    iron: 'normal',
    ferritin: 'done',
  },
};
