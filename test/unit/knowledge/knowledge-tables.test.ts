import { describe, expect, it } from 'vitest';
import { conditionGroupIds, labIds, offendingClassIds, treatmentClassIds } from '@/lib/contracts/ids';
import { conditionValueSets } from '@/lib/knowledge/conditions';
import { ferritinUnits, ironThresholds, labDefinitions } from '@/lib/knowledge/labs';
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
});

describe('condition value sets', () => {
  it('has one value set per condition group, each cited', () => {
    expect(conditionValueSets.map((s) => s.group).sort()).toEqual([...conditionGroupIds].sort());
    for (const set of conditionValueSets) {
      expect(set.citation).not.toBe('');
      expect(set.snomed.length + set.icd10Prefixes.length + (set.textPatterns?.length ?? 0)).toBeGreaterThan(
        0,
      );
    }
  });

  it('uses text patterns only where the spec found no checkable SNOMED code', () => {
    const withText = conditionValueSets.filter((s) => s.textPatterns?.length).map((s) => s.group);
    expect(withText.sort()).toEqual([
      'dementia',
      'drug-induced-akathisia',
      'leg-cramps',
      'venous-insufficiency',
    ]);
  });

  it('expands the neuropathy range G60–G65 and the diabetic .4 codes', () => {
    const neuropathy = conditionValueSets.find((s) => s.group === 'neuropathy');
    expect(neuropathy?.icd10Prefixes).toEqual(
      expect.arrayContaining(['G60', 'G65', 'E08.4', 'E11.4', 'E13.4']),
    );
    expect(neuropathy?.snomed).toContain('368581000119106');
  });
});
