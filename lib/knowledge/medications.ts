import type { MedicationClassId, OffendingClassId, TreatmentClassId } from '../contracts/ids';

// Medication classes and their ingredients (clinical spec §2). Matching uses the RxNorm
// ingredient code, a known product code, or the ingredient/brand name in the charted text.

const seed2 = 'seed [2] (drugs that precipitate or worsen symptoms)';
const aasm2024 =
  'AASM 2024 RLS guideline (Winkelman et al., J Clin Sleep Med 2025;21(1):137–152, PMID 39324694)';

export interface MedicationClassDefinition {
  id: MedicationClassId;
  label: string;
  /** offending: causes or worsens symptoms; treatment: an RLS treatment, informative only. */
  role: 'offending' | 'treatment';
  citation: string;
  note?: string;
}

export const medicationClasses: readonly MedicationClassDefinition[] = [
  { id: 'ssri', label: 'SSRI antidepressant', role: 'offending', citation: seed2 },
  { id: 'tca', label: 'Tricyclic antidepressant', role: 'offending', citation: seed2 },
  { id: 'lithium', label: 'Lithium', role: 'offending', citation: seed2 },
  {
    id: 'dopamine-antagonist',
    label: 'Dopamine antagonist (antipsychotic or antiemetic)',
    role: 'offending',
    citation: 'seed [1][2]',
    note: 'The strongest chart clue for akathisia.',
  },
  {
    id: 'sedating-antihistamine',
    label: 'Sedating antihistamine',
    role: 'offending',
    citation: seed2,
    note: 'Explicit ingredient list, not an ATC prefix: R06A also holds non-sedating antihistamines and hydroxyzine is N05BB01.',
  },
  {
    id: 'snri',
    label: 'SNRI antidepressant',
    role: 'offending',
    citation: 'clinical spec §2 (extra classes widely reported to worsen RLS)',
  },
  {
    id: 'mirtazapine',
    label: 'Mirtazapine',
    role: 'offending',
    citation: 'clinical spec §2 (extra classes widely reported to worsen RLS)',
    note: 'The strongest association with RLS among antidepressants.',
  },
  {
    id: 'dopamine-agonist',
    label: 'Dopamine agonist',
    role: 'treatment',
    citation: aasm2024,
    note: 'AASM 2024 suggests against the standard use of dopamine agonists because of augmentation (about 40–70% over 10 years).',
  },
  {
    id: 'levodopa',
    label: 'Levodopa',
    role: 'treatment',
    citation: aasm2024,
    note: 'AASM 2024 suggests against the standard use of levodopa because of augmentation.',
  },
  {
    id: 'alpha-2-delta-ligand',
    label: 'Alpha-2-delta ligand',
    role: 'treatment',
    citation: aasm2024,
    note: 'A recommended first option (AASM 2024).',
  },
  {
    id: 'iron',
    label: 'Iron supplementation',
    role: 'treatment',
    citation: `seed [1][2][3]; ${aasm2024}`,
    note: 'IV ferric carboxymaltose is a recommended option (AASM 2024).',
  },
];

export interface RxNormCode {
  code: string;
  /** true when the code is given by the clinical spec (checked); false when not yet checked. */
  verified: boolean;
  citation: string;
}

export interface IngredientDefinition {
  /** Generic ingredient name, lower case: the MedicationFeature's `ingredient`. */
  name: string;
  classes: readonly MedicationClassId[];
  /** Common US brand names. */
  brands: readonly string[];
  /** Other names of the same ingredient in charted text (salt names, INN spellings). */
  synonyms?: readonly string[];
  rxnorm?: RxNormCode;
  atc?: string;
  citation: string;
}

const spec = 'clinical spec §2';
const rev2 = 'clinical spec §2 (revision 2: missing from revision 1); AASM 2024';
const rx = (code: string): RxNormCode => ({ code, verified: true, citation: `${spec} (RxNorm ingredient)` });

const offending = (
  name: string,
  classes: readonly OffendingClassId[],
  brands: readonly string[],
  extra: Partial<Pick<IngredientDefinition, 'rxnorm' | 'atc' | 'synonyms'>> & { citation?: string } = {},
): IngredientDefinition => ({ name, classes, brands, citation: extra.citation ?? seed2, ...extra });

const treatment = (
  name: string,
  classes: readonly TreatmentClassId[],
  brands: readonly string[],
  extra: Partial<Pick<IngredientDefinition, 'rxnorm' | 'atc' | 'synonyms'>> = {},
): IngredientDefinition => ({ name, classes, brands, citation: `${spec}; ${aasm2024}`, ...extra });

export const ingredients: readonly IngredientDefinition[] = [
  // SSRIs — N06AB
  offending('fluoxetine', ['ssri'], ['Prozac', 'Sarafem'], { rxnorm: rx('4493'), atc: 'N06AB03' }),
  offending('sertraline', ['ssri'], ['Zoloft'], { rxnorm: rx('36437'), atc: 'N06AB06' }),
  offending('paroxetine', ['ssri'], ['Paxil', 'Pexeva', 'Brisdelle'], {
    rxnorm: rx('32937'),
    atc: 'N06AB05',
  }),
  offending('citalopram', ['ssri'], ['Celexa'], { rxnorm: rx('2556'), atc: 'N06AB04' }),
  offending('escitalopram', ['ssri'], ['Lexapro'], { rxnorm: rx('321988'), atc: 'N06AB10' }),
  offending('fluvoxamine', ['ssri'], ['Luvox'], { rxnorm: rx('42355'), atc: 'N06AB08' }),
  // TCAs — N06AA
  offending('amitriptyline', ['tca'], ['Elavil'], { rxnorm: rx('704'), atc: 'N06AA09' }),
  offending('nortriptyline', ['tca'], ['Pamelor'], { rxnorm: rx('7531'), atc: 'N06AA10' }),
  offending('imipramine', ['tca'], ['Tofranil'], { rxnorm: rx('5691'), atc: 'N06AA02' }),
  offending('desipramine', ['tca'], ['Norpramin'], { rxnorm: rx('3247'), atc: 'N06AA01' }),
  offending('doxepin', ['tca'], ['Silenor', 'Sinequan'], { rxnorm: rx('3638'), atc: 'N06AA12' }),
  offending('clomipramine', ['tca'], ['Anafranil'], { rxnorm: rx('2597'), atc: 'N06AA04' }),
  offending('trimipramine', ['tca'], ['Surmontil'], { atc: 'N06AA06' }),
  offending('protriptyline', ['tca'], ['Vivactil'], { atc: 'N06AA11' }),
  // Amoxapine is a TCA that also blocks D2 receptors; maprotiline is tetracyclic (both N06AA).
  offending('amoxapine', ['tca', 'dopamine-antagonist'], ['Asendin'], { atc: 'N06AA17', citation: rev2 }),
  offending('maprotiline', ['tca'], ['Ludiomil'], { atc: 'N06AA21', citation: rev2 }),
  // Lithium — N05AN01. The spec's code 42351 is lithium carbonate; lithium citrate's code is unverified.
  offending('lithium', ['lithium'], ['Lithobid'], {
    rxnorm: rx('42351'),
    atc: 'N05AN01',
    synonyms: ['lithium carbonate', 'lithium citrate'],
  }),
  // Dopamine antagonists: antipsychotics — N05A
  offending('haloperidol', ['dopamine-antagonist'], ['Haldol'], { rxnorm: rx('5093'), atc: 'N05AD01' }),
  offending('chlorpromazine', ['dopamine-antagonist'], ['Thorazine'], { rxnorm: rx('2403'), atc: 'N05AA01' }),
  offending('fluphenazine', ['dopamine-antagonist'], ['Prolixin'], { rxnorm: rx('4496'), atc: 'N05AB02' }),
  offending('perphenazine', ['dopamine-antagonist'], ['Trilafon'], { rxnorm: rx('8076'), atc: 'N05AB03' }),
  // Uzedy, Perseris and Rykindo are long-acting risperidone injections ("Risperdal" matches Consta).
  offending('risperidone', ['dopamine-antagonist'], ['Risperdal', 'Uzedy', 'Perseris', 'Rykindo'], {
    rxnorm: rx('35636'),
    atc: 'N05AX08',
  }),
  // Long-acting injectables (Invega Sustenna/Trinza/Hafyera) are matched by "Invega" and by
  // "paliperidone palmitate"; their dosing interval is in medication-timing.ts.
  offending('paliperidone', ['dopamine-antagonist'], ['Invega'], { rxnorm: rx('679314'), atc: 'N05AX13' }),
  offending('olanzapine', ['dopamine-antagonist'], ['Zyprexa'], { rxnorm: rx('61381'), atc: 'N05AH03' }),
  offending('quetiapine', ['dopamine-antagonist'], ['Seroquel'], { rxnorm: rx('51272'), atc: 'N05AH04' }),
  // "Abilify" also matches Abilify Maintena and Abilify Asimtufii; Aristada is aripiprazole lauroxil.
  offending('aripiprazole', ['dopamine-antagonist'], ['Abilify', 'Aristada'], {
    rxnorm: rx('89013'),
    atc: 'N05AX12',
    synonyms: ['aripiprazole lauroxil'],
  }),
  offending('ziprasidone', ['dopamine-antagonist'], ['Geodon'], { rxnorm: rx('115698'), atc: 'N05AE04' }),
  offending('lurasidone', ['dopamine-antagonist'], ['Latuda'], { atc: 'N05AE05' }),
  offending('asenapine', ['dopamine-antagonist'], ['Saphris'], { atc: 'N05AH05' }),
  // Missing from revision 1 (clinical spec §2, rev. 2; AASM 2024: antidopaminergic drugs).
  offending('cariprazine', ['dopamine-antagonist'], ['Vraylar'], { atc: 'N05AX15', citation: rev2 }),
  offending('brexpiprazole', ['dopamine-antagonist'], ['Rexulti'], { citation: rev2 }),
  offending('lumateperone', ['dopamine-antagonist'], ['Caplyta'], { citation: rev2 }),
  offending('iloperidone', ['dopamine-antagonist'], ['Fanapt'], { atc: 'N05AX14', citation: rev2 }),
  offending('loxapine', ['dopamine-antagonist'], ['Loxitane', 'Adasuve'], { atc: 'N05AH01', citation: rev2 }),
  offending('thiothixene', ['dopamine-antagonist'], ['Navane'], {
    atc: 'N05AF04',
    synonyms: ['tiotixene'],
    citation: rev2,
  }),
  offending('trifluoperazine', ['dopamine-antagonist'], ['Stelazine'], { atc: 'N05AB06', citation: rev2 }),
  offending('thioridazine', ['dopamine-antagonist'], ['Mellaril'], { atc: 'N05AC02', citation: rev2 }),
  offending('pimozide', ['dopamine-antagonist'], ['Orap'], { atc: 'N05AG02', citation: rev2 }),
  offending('molindone', ['dopamine-antagonist'], ['Moban'], { citation: rev2 }),
  // Amisulpride: an oral antipsychotic in Europe, an IV antiemetic (Barhemsys) in the US.
  offending('amisulpride', ['dopamine-antagonist'], ['Barhemsys', 'Solian'], { citation: rev2 }),
  // Dopamine antagonists: antiemetics
  offending('metoclopramide', ['dopamine-antagonist'], ['Reglan'], { rxnorm: rx('6915'), atc: 'A03FA01' }),
  offending('prochlorperazine', ['dopamine-antagonist'], ['Compazine', 'Compro'], {
    rxnorm: rx('8704'),
    atc: 'N05AB04',
  }),
  // Promethazine is both a phenothiazine dopamine antagonist and a sedating antihistamine.
  offending('promethazine', ['dopamine-antagonist', 'sedating-antihistamine'], ['Phenergan'], {
    rxnorm: rx('8745'),
    atc: 'R06AD02',
  }),
  offending('droperidol', ['dopamine-antagonist'], ['Inapsine'], { rxnorm: rx('3648'), atc: 'N05AD08' }),
  offending('trimethobenzamide', ['dopamine-antagonist'], ['Tigan']),
  // Sedating antihistamines (explicit list, incl. OTC sleep aids and combination cold/sleep products)
  // OTC sleep aids: ZzzQuil, Unisom SleepGels, Sominex, Nytol, Simply Sleep are diphenhydramine; combination
  // products (Tylenol PM, Advil PM, NyQuil, Diclegis) are in combinationBrands below.
  offending(
    'diphenhydramine',
    ['sedating-antihistamine'],
    ['Benadryl', 'ZzzQuil', 'Unisom SleepGels', 'Sominex', 'Nytol', 'Simply Sleep'],
    {
      rxnorm: rx('3498'),
      atc: 'R06AA02',
    },
  ),
  offending('hydroxyzine', ['sedating-antihistamine'], ['Vistaril', 'Atarax'], {
    rxnorm: rx('5553'),
    atc: 'N05BB01',
  }),
  // Unisom SleepTabs (the original Unisom) is doxylamine.
  offending('doxylamine', ['sedating-antihistamine'], ['Unisom'], { rxnorm: rx('3642'), atc: 'R06AA09' }),
  offending('chlorpheniramine', ['sedating-antihistamine'], ['Chlor-Trimeton'], {
    rxnorm: rx('2400'),
    atc: 'R06AB04',
    synonyms: ['chlorphenamine'],
  }),
  offending('meclizine', ['sedating-antihistamine'], ['Antivert', 'Bonine', 'Dramamine Less Drowsy'], {
    atc: 'R06AE05',
    synonyms: ['meclozine'],
  }),
  offending('cyproheptadine', ['sedating-antihistamine'], ['Periactin'], { atc: 'R06AX02' }),
  // Missing from revision 1 (clinical spec §2, rev. 2; AASM 2024: antihistaminergic drugs). Dimenhydrinate
  // is diphenhydramine teoclate: the WHO index classes it under diphenhydramine's R06AA02, so no own ATC.
  // "Dramamine Less Drowsy" is meclizine (the longer brand phrase wins in matching).
  offending('dimenhydrinate', ['sedating-antihistamine'], ['Dramamine'], { citation: rev2 }),
  offending('brompheniramine', ['sedating-antihistamine'], ['Dimetane'], { citation: rev2 }),
  offending('dexchlorpheniramine', ['sedating-antihistamine'], ['Polaramine'], { citation: rev2 }),
  offending('carbinoxamine', ['sedating-antihistamine'], ['Karbinal', 'Palgic', 'Ryvent'], {
    citation: rev2,
  }),
  offending('clemastine', ['sedating-antihistamine'], ['Tavist'], { atc: 'R06AA04', citation: rev2 }),
  offending('triprolidine', ['sedating-antihistamine'], [], { citation: rev2 }),
  offending('pyrilamine', ['sedating-antihistamine'], [], {
    atc: 'R06AC01',
    synonyms: ['mepyramine'],
    citation: rev2,
  }),
  // Extra classes widely reported to worsen RLS (clinical spec §2)
  offending('venlafaxine', ['snri'], ['Effexor'], {
    rxnorm: rx('39786'),
    atc: 'N06AX16',
    citation: 'clinical spec §2 (extra classes widely reported to worsen RLS)',
  }),
  offending('duloxetine', ['snri'], ['Cymbalta'], {
    rxnorm: rx('72625'),
    atc: 'N06AX21',
    citation: 'clinical spec §2 (extra classes widely reported to worsen RLS)',
  }),
  // Missing from revision 1 (clinical spec §2, rev. 2; AASM 2024 names serotonergic drugs as a class).
  // RxCUIs and ATC codes not checked here are left out: name and brand matching covers them.
  offending('desvenlafaxine', ['snri'], ['Pristiq', 'Khedezla'], { citation: rev2 }),
  offending('levomilnacipran', ['snri'], ['Fetzima'], { citation: rev2 }),
  offending('milnacipran', ['snri'], ['Savella'], { citation: rev2 }),
  offending('mirtazapine', ['mirtazapine'], ['Remeron'], {
    rxnorm: rx('15996'),
    atc: 'N06AX11',
    citation: 'clinical spec §2 (extra classes widely reported to worsen RLS)',
  }),
  // Treatments (informative, never offending)
  treatment('ropinirole', ['dopamine-agonist'], ['Requip'], { rxnorm: rx('72302'), atc: 'N04BC04' }),
  treatment('pramipexole', ['dopamine-agonist'], ['Mirapex'], { rxnorm: rx('746741'), atc: 'N04BC05' }),
  treatment('rotigotine', ['dopamine-agonist'], ['Neupro'], { atc: 'N04BC09' }),
  treatment('levodopa', ['levodopa'], ['Sinemet', 'Rytary'], { rxnorm: rx('6375'), atc: 'N04BA01' }),
  treatment('gabapentin', ['alpha-2-delta-ligand'], ['Neurontin', 'Gralise'], {
    rxnorm: rx('25480'),
    atc: 'N03AX12',
  }),
  // "gabapentin enacarbil" is matched before "gabapentin" (longest name first).
  treatment('gabapentin enacarbil', ['alpha-2-delta-ligand'], ['Horizant']),
  treatment('pregabalin', ['alpha-2-delta-ligand'], ['Lyrica'], { rxnorm: rx('187832'), atc: 'N03AX16' }),
  treatment('ferrous sulfate', ['iron'], [], { rxnorm: rx('24947'), atc: 'B03AA07' }),
  treatment('ferrous gluconate', ['iron'], []),
  treatment('ferrous fumarate', ['iron'], []),
  // IV iron
  treatment('ferric carboxymaltose', ['iron'], ['Injectafer']),
  treatment('iron sucrose', ['iron'], ['Venofer']),
  treatment('ferumoxytol', ['iron'], ['Feraheme']),
  treatment('iron dextran', ['iron'], ['INFeD']),
];

/** Product-level RxNorm codes (SCD/SBD and Synthea's loose codes) seen in EHR data, to their ingredients. */
export interface ProductCode {
  rxcui: string;
  display: string;
  /** Ingredient names from `ingredients` (only the ones this app knows). */
  ingredients: readonly string[];
  citation: string;
}

export const productCodes: readonly ProductCode[] = [
  { rxcui: '328670', display: 'Sertraline 100MG', ingredients: ['sertraline'], citation: 'RxNorm' },
  {
    rxcui: '1049630',
    display: 'diphenhydrAMINE Hydrochloride 25 MG Oral Tablet',
    ingredients: ['diphenhydramine'],
    citation: 'RxNorm',
  },
  {
    rxcui: '1043400',
    // A combination cold/sleep product: only its antihistamine is in this app's tables.
    display: 'acetaminophen / dextromethorphan / doxylamine',
    ingredients: ['doxylamine'],
    citation: 'RxNorm',
  },
  {
    rxcui: '310325',
    display: 'ferrous sulfate 325 MG Oral Tablet',
    ingredients: ['ferrous sulfate'],
    citation: 'RxNorm',
  },
];

/**
 * Brand names of combination products, to the ingredients this app knows in them (a brand of one
 * ingredient is in that ingredient's `brands`). Charted as text only, e.g. "Tylenol PM caplet".
 */
export interface CombinationBrand {
  brand: string;
  ingredients: readonly string[];
  citation: string;
}

const labelled = (what: string) => `clinical spec §2 (revision 2, brand-only texts); product label: ${what}`;
export const combinationBrands: readonly CombinationBrand[] = [
  // Olanzapine and fluoxetine: a dopamine antagonist and an SSRI, each flagged.
  {
    brand: 'Symbyax',
    ingredients: ['olanzapine', 'fluoxetine'],
    citation: labelled('olanzapine/fluoxetine'),
  },
  {
    brand: 'NyQuil',
    ingredients: ['doxylamine'],
    citation: labelled('acetaminophen/dextromethorphan/doxylamine'),
  },
  {
    brand: 'Tylenol PM',
    ingredients: ['diphenhydramine'],
    citation: labelled('acetaminophen/diphenhydramine'),
  },
  { brand: 'Advil PM', ingredients: ['diphenhydramine'], citation: labelled('ibuprofen/diphenhydramine') },
  { brand: 'Aleve PM', ingredients: ['diphenhydramine'], citation: labelled('naproxen/diphenhydramine') },
  { brand: 'Motrin PM', ingredients: ['diphenhydramine'], citation: labelled('ibuprofen/diphenhydramine') },
  {
    brand: 'Excedrin PM',
    ingredients: ['diphenhydramine'],
    citation: labelled('acetaminophen/diphenhydramine'),
  },
  { brand: 'Diclegis', ingredients: ['doxylamine'], citation: labelled('doxylamine/pyridoxine') },
  { brand: 'Bonjesta', ingredients: ['doxylamine'], citation: labelled('doxylamine/pyridoxine') },
  {
    brand: 'Dimetapp',
    ingredients: ['brompheniramine'],
    citation: labelled('brompheniramine/phenylephrine'),
  },
  { brand: 'Lybalvi', ingredients: ['olanzapine'], citation: labelled('olanzapine/samidorphan') },
];

/**
 * ATC classes whose every member is offending (clinical spec §2): a code below the prefix that no
 * ingredient row names still counts (e.g. zuclopenthixol N05AF05 for a European chart). Checked
 * against the WHO ATC index structure (N06AA non-selective monoamine reuptake inhibitors, N06AB
 * SSRIs, N05A antipsychotics with N05AN lithium): see test/known-gaps.md for what was not.
 */
export interface AtcClassRule {
  prefix: string;
  classId: OffendingClassId;
  /** Codes or sub-prefixes inside the class that are not flagged. */
  except: readonly string[];
  citation: string;
}

export const atcClassRules: readonly AtcClassRule[] = [
  { prefix: 'N06AB', classId: 'ssri', except: [], citation: `${spec}; WHO ATC N06AB` },
  { prefix: 'N06AA', classId: 'tca', except: [], citation: `${spec}; WHO ATC N06AA` },
  { prefix: 'N05AN', classId: 'lithium', except: [], citation: `${spec}; WHO ATC N05AN` },
  {
    prefix: 'N05A',
    classId: 'dopamine-antagonist',
    // Lithium is its own class; clozapine (N05AH02) and the tardive-dyskinesia group N05AK
    // (dopamine depleters) are "debatable, not flagged without a source" (spec §2).
    except: ['N05AN', 'N05AH02', 'N05AK'],
    citation: `${spec}; WHO ATC N05A`,
  },
];

/** Drugs a reader might expect on the list but which do not worsen RLS: never flagged. */
export const notOffending: readonly { name: string; why: string; citation: string }[] = [
  { name: 'tramadol', why: 'used as an RLS treatment', citation: spec },
  { name: 'bupropion', why: 'neutral for RLS', citation: spec },
  { name: 'ondansetron', why: 'a 5-HT3 antiemetic, not a dopamine antagonist', citation: spec },
  { name: 'domperidone', why: 'does not cross the blood–brain barrier', citation: spec },
];

/** Debatable (spec §2): not flagged until a source is cited. Kept here so nobody adds them by accident. */
export const notFlaggedWithoutSource: readonly { name: string; why: string }[] = [
  { name: 'vortioxetine', why: 'serotonergic; association with RLS not established' },
  { name: 'vilazodone', why: 'serotonergic; association with RLS not established' },
  { name: 'trazodone', why: 'association with RLS not established' },
  { name: 'clozapine', why: 'low akathisia risk' },
  { name: 'tetrabenazine', why: 'dopamine depleter: akathisia only' },
  { name: 'deutetrabenazine', why: 'dopamine depleter: akathisia only' },
  { name: 'valbenazine', why: 'dopamine depleter: akathisia only' },
  { name: 'reserpine', why: 'dopamine depleter: akathisia only' },
];

/** Status windows for medications (clinical spec §2). */
export const medicationStatusRules = {
  /** Stopped/completed within this many days of `now` is `recent`. */
  recentWithinDays: { value: 90, citation: spec },
} as const;

/** Informative note for a current dopamine agonist or levodopa. */
export const augmentationNote = {
  text: 'AASM 2024 suggests against the standard use of dopamine agonists (pramipexole, ropinirole, rotigotine) and levodopa because of augmentation (about 40–70% over 10 years); alpha-2-delta ligands and IV ferric carboxymaltose are the recommended options.',
  citation: aasm2024,
} as const;
