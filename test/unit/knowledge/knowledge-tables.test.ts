import { describe, expect, it } from 'vitest';
import {
  conditionGroupIds,
  conditionStatusReasons,
  labIds,
  offendingClassIds,
  treatmentClassIds,
} from '@/lib/contracts/ids';
import { conditionStatusLabels, conditionValueSets, symptomCodes } from '@/lib/knowledge/conditions';
import {
  ferritinUnits,
  ironPanelUnits,
  ironThresholds,
  labDefinitions,
  tsatUnits,
} from '@/lib/knowledge/labs';
import {
  atcClassRules,
  augmentationNote,
  combinationBrands,
  ingredients,
  medicationClasses,
  notFlaggedWithoutSource,
  notOffending,
  productCodes,
} from '@/lib/knowledge/medications';

const ingredientNamed = (name: string) => ingredients.find((i) => i.name === name);

describe('medication tables', () => {
  it('defines every class id once, with its role and a citation', () => {
    expect(medicationClasses.map((c) => c.id).sort()).toEqual(
      [...offendingClassIds, ...treatmentClassIds].sort(),
    );
    for (const c of medicationClasses) {
      expect(c.citation).not.toBe('');
      expect(c.role).toBe(
        (offendingClassIds as readonly string[]).includes(c.id) ? 'offending' : 'treatment',
      );
    }
  });

  it('gives every class at least one ingredient and every ingredient a citation', () => {
    for (const id of [...offendingClassIds, ...treatmentClassIds]) {
      expect(
        ingredients.some((i) => i.classes.includes(id)),
        id,
      ).toBe(true);
    }
    for (const i of ingredients) expect(i.citation, i.name).not.toBe('');
  });

  it('never uses one RxCUI for two ingredients (the pramipexole/paroxetine mix-up)', () => {
    const codes = ingredients.flatMap((i) => (i.rxnorm ? [i.rxnorm.code] : []));
    expect(new Set(codes).size).toBe(codes.length);
    expect(ingredientNamed('pramipexole')?.rxnorm?.code).toBe('746741');
    expect(ingredientNamed('paroxetine')?.rxnorm?.code).toBe('32937');
  });

  it('never repeats a name or brand across ingredients', () => {
    const names = ingredients.flatMap((i) =>
      [i.name, ...(i.synonyms ?? []), ...i.brands].map((n) => n.toLowerCase()),
    );
    expect(new Set(names).size).toBe(names.length);
  });

  it('maps each product code to ingredients the tables know', () => {
    for (const product of productCodes) {
      expect(product.citation).toBe('RxNorm');
      for (const name of product.ingredients) expect(ingredientNamed(name), name).toBeDefined();
    }
    expect(productCodes.map((p) => p.rxcui)).toEqual(
      expect.arrayContaining(['328670', '1049630', '1043400']),
    );
  });

  it('puts promethazine in both the dopamine-antagonist and sedating-antihistamine classes', () => {
    expect(ingredientNamed('promethazine')?.classes).toEqual([
      'dopamine-antagonist',
      'sedating-antihistamine',
    ]);
  });

  it('does not list tramadol, bupropion, ondansetron or domperidone as ingredients to flag', () => {
    for (const { name } of notOffending) expect(ingredientNamed(name)).toBeUndefined();
  });

  it('keeps the drugs the spec calls debatable off the list until a source is cited', () => {
    for (const { name } of notFlaggedWithoutSource) expect(ingredientNamed(name), name).toBeUndefined();
    const known = new Set(ingredients.flatMap((i) => [i.name, ...(i.synonyms ?? []), ...i.brands]));
    for (const { name } of notFlaggedWithoutSource) expect(known.has(name), name).toBe(false);
  });

  it('maps each combination brand to ingredients the tables know, with a citation, and no brand twice', () => {
    const brands = ingredients.flatMap((i) => i.brands.map((b) => b.toLowerCase()));
    for (const product of combinationBrands) {
      expect(product.citation, product.brand).not.toBe('');
      expect(brands, product.brand).not.toContain(product.brand.toLowerCase());
      for (const name of product.ingredients) expect(ingredientNamed(name), name).toBeDefined();
    }
    expect(combinationBrands.find((b) => b.brand === 'Symbyax')?.ingredients).toEqual([
      'olanzapine',
      'fluoxetine',
    ]);
  });

  it('keeps lithium its own ATC class and clozapine out of the antipsychotic class rule', () => {
    const antipsychotics = atcClassRules.find((r) => r.prefix === 'N05A');
    expect(antipsychotics?.except).toEqual(expect.arrayContaining(['N05AN', 'N05AH02']));
    expect(atcClassRules.find((r) => r.prefix === 'N05AN')?.classId).toBe('lithium');
    // Each ingredient's own ATC code is unique.
    const codes = ingredients.flatMap((i) => (i.atc ? [i.atc] : []));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('carries the AASM 2024 augmentation note', () => {
    expect(augmentationNote.text).toMatch(/augmentation/);
    expect(augmentationNote.citation).toContain('PMID 39324694');
  });
});

describe('lab tables', () => {
  it('defines every lab id, each with LOINC codes and a citation', () => {
    expect(labDefinitions.map((l) => l.id).sort()).toEqual([...labIds].sort());
    for (const lab of labDefinitions) {
      expect(lab.loinc.length).toBeGreaterThan(0);
      expect(lab.citation).not.toBe('');
    }
  });

  it('reads all four ferritin LOINC codes and leaves out the unconfirmed 35209-6', () => {
    const ferritin = labDefinitions.find((l) => l.id === 'ferritin');
    expect(ferritin?.loinc).toEqual(['2276-4', '20567-4', '24373-3', '14723-1']);
    expect(labDefinitions.flatMap((l) => l.loinc)).not.toContain('35209-6');
  });

  it('converts 112 pmol/L to about 50 ng/mL and 169 pmol/L to about 75 ng/mL', () => {
    const pmol = ferritinUnits.find((u) => u.spellings.includes('pmol/l'));
    expect((pmol?.toNgPerMl ?? 0) * 112).toBeCloseTo(50, 0);
    expect((pmol?.toNgPerMl ?? 0) * 169).toBeCloseTo(75, 0);
  });

  it('labels the 12-month staleness window as a project default, not a guideline', () => {
    expect(ironThresholds.staleAfterMonths.citation).toBe('project default');
    expect(ironThresholds.ferritinLowBelow.value).toBe(50);
    expect(ironThresholds.ferritinBorderlineUpTo.value).toBe(75);
    expect(ironThresholds.tsatBorderlineBelow.value).toBe(20);
  });

  it('reads TSAT under both LOINC codes and fetches serum iron and TIBC for the calculated TSAT', () => {
    const loincOf = (id: string) => labDefinitions.find((l) => l.id === id)?.loinc;
    expect(loincOf('tsat')).toEqual(['2502-3', '14801-5']);
    expect(loincOf('iron')).toEqual(['2498-4']);
    expect(loincOf('tibc')).toEqual(['2500-7']);
  });

  it('holds the ESRD, children and AGA thresholds with their sources', () => {
    expect(ironThresholds.esrdFerritinBelow).toMatchObject({
      value: 200,
      citation: expect.stringMatching(/AASM 2024/),
    });
    expect(ironThresholds.esrdTsatBelow.value).toBe(20);
    expect(ironThresholds.childAgeBelow.value).toBe(18);
    expect(ironThresholds.ironDeficiencyCauseBelow).toMatchObject({
      value: 45,
      citation: expect.stringMatching(/AGA 2020.*Gastroenterology 2020;159:1085–1094/),
    });
  });

  it('reads TSAT in percent or as a fraction, and serum iron and TIBC in mass or molar units', () => {
    const percent = tsatUnits.find((u) => u.kind === 'percent');
    const fraction = tsatUnits.find((u) => u.kind === 'fraction');
    expect(percent).toMatchObject({
      toPercent: 1,
      spellings: expect.arrayContaining(['%', '%{saturation}']),
    });
    expect(fraction).toMatchObject({ toPercent: 100, spellings: expect.arrayContaining(['1']) });
    expect(new Set(ironPanelUnits.map((u) => u.kind))).toEqual(new Set(['mass', 'molar']));
    // Every spelling is lower case without spaces, as the features look them up.
    for (const unit of [...tsatUnits, ...ironPanelUnits, ...ferritinUnits]) {
      for (const spelling of unit.spellings)
        expect(spelling).toBe(spelling.replace(/\s+/g, '').toLowerCase());
    }
  });
});

describe('condition value sets', () => {
  it('has one value set per condition group, each cited and named', () => {
    expect(conditionValueSets.map((s) => s.group).sort()).toEqual([...conditionGroupIds].sort());
    for (const set of conditionValueSets) {
      expect(set.citation).not.toBe('');
      expect(set.snomed.length + set.icd10Prefixes.length).toBeGreaterThan(0);
      // Free-text names for every group (spec §4 revision 2: local codes with a name only).
      expect(set.names.length, set.group).toBeGreaterThan(0);
      for (const name of set.names) expect(name).toBe(name.toLowerCase());
    }
  });

  it('says so where the spec found no checkable SNOMED code and names carry the group', () => {
    for (const set of conditionValueSets.filter((s) => s.snomed.length === 0))
      expect(set.note, set.group).toMatch(/No checkable SNOMED code/);
  });

  it('expands the neuropathy range G60–G65, the diabetic .40/.41/.42/.44 codes, G57 and radiculopathy, not E11.43', () => {
    const neuropathy = conditionValueSets.find((s) => s.group === 'neuropathy');
    expect(neuropathy?.icd10Prefixes).toEqual(
      expect.arrayContaining(['G60', 'G65', 'E08.40', 'E11.42', 'E13.44', 'G57', 'M54.1', 'M51.1']),
    );
    expect(neuropathy?.icd10Prefixes).not.toContain('E11.43');
    expect(neuropathy?.icd10Excluded).toContain('E11.43');
    expect(neuropathy?.snomed).toContain('368581000119106');
  });

  it('keeps arthritis to the legs, spine or many joints: no M18, no hand OA, no upper-limb sites', () => {
    const arthritis = conditionValueSets.find((s) => s.group === 'arthritis');
    expect(arthritis?.icd10Prefixes).not.toContain('M18');
    expect(arthritis?.icd10Excluded).toEqual(expect.arrayContaining(['M18', 'M19.04', 'M05.74', 'M10.04']));
    expect(arthritis?.snomedExcluded).toEqual(['201834006']);
  });

  it('moves R25.2 out of the leg-cramp diagnoses into the symptom codes', () => {
    const cramps = conditionValueSets.find((s) => s.group === 'leg-cramps');
    expect(cramps?.icd10Prefixes).not.toContain('R25.2');
    expect(cramps?.symptomIcd10Prefixes).toContain('R25.2');
  });

  it('lists every group symptom code among the symptom codes', () => {
    for (const set of conditionValueSets) {
      for (const prefix of set.symptomIcd10Prefixes ?? [])
        expect(
          symptomCodes.icd10Prefixes.some((p) => prefix.startsWith(p)),
          prefix,
        ).toBe(true);
      for (const code of set.symptomSnomed ?? []) expect(symptomCodes.snomed).toContain(code);
    }
  });

  it('has a label for every condition status reason', () => {
    for (const reason of conditionStatusReasons) expect(conditionStatusLabels[reason]).not.toBe('');
  });
});
