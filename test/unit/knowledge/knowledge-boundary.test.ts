import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conditionValueSets } from '@/lib/knowledge/conditions';
import { ironOrderLabs, laboratoryProcedureCategory } from '@/lib/knowledge/iron-order';
import { ferritinUnits, ironThresholds, labDefinitions } from '@/lib/knowledge/labs';
import { ingredients, notOffending, productCodes } from '@/lib/knowledge/medications';

// "No clinical code, threshold or drug name appears outside lib/knowledge": every code, drug name and
// threshold the tables hold is searched for in the rest of the shipped source (app/, lib/ outside
// lib/knowledge). Tests, fixtures and benchmarks may name them.

const root = join(import.meta.dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return path.endsWith(join('lib', 'knowledge')) ? [] : sourceFiles(path);
    return /\.(ts|tsx|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = [...sourceFiles(join(root, 'app')), ...sourceFiles(join(root, 'lib'))].map((path) => ({
  path: relative(root, path),
  text: readFileSync(path, 'utf8'),
}));

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where a term occurs as a whole word (case-insensitive for names, exact for codes). */
function occurrences(term: string, caseInsensitive: boolean): string[] {
  // Class ids (e.g. 'lithium', 'mirtazapine') are declared in lib/contracts/ids.ts: ids, not names.
  const searched = caseInsensitive ? files.filter((f) => f.path !== 'lib/contracts/ids.ts') : files;
  const pattern = new RegExp(
    `(?<![\\w.-])${escapeRegExp(term)}(?![\\w-]|\\.\\d)`,
    caseInsensitive ? 'i' : '',
  );
  return searched.filter((f) => pattern.test(f.text)).map((f) => `${term} in ${f.path}`);
}

describe('clinical knowledge lives only in lib/knowledge', () => {
  it('scans a real source tree', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.path.startsWith('lib/features/'))).toBe(true);
  });

  it('names no drug (ingredient, brand or synonym) outside lib/knowledge', () => {
    const names = [
      ...ingredients.flatMap((i) => [i.name, ...i.brands, ...(i.synonyms ?? [])]),
      ...notOffending.map((n) => n.name),
    ];
    expect(names.length).toBeGreaterThan(60);
    expect(names.flatMap((name) => occurrences(name, true))).toEqual([]);
  });

  it('holds no RxNorm, LOINC, SNOMED CT or ICD-10-CM code outside lib/knowledge', () => {
    const codes = [
      ...ingredients.flatMap((i) => (i.rxnorm ? [i.rxnorm.code] : [])),
      ...productCodes.map((p) => p.rxcui),
      ...labDefinitions.flatMap((l) => l.loinc),
      ...conditionValueSets.flatMap((v) => [...v.snomed, ...v.icd10Prefixes]),
      ...ingredients.flatMap((i) => (i.atc ? [i.atc] : [])),
      ...ironOrderLabs.map((l) => l.loinc),
      laboratoryProcedureCategory.code,
    ].filter((code) => code.length >= 3);
    expect(codes).toContain('2276-4');
    expect(codes.flatMap((code) => occurrences(code, false))).toEqual([]);
  });

  it('writes no ferritin threshold or unit conversion outside lib/knowledge', () => {
    const thresholdTexts = [
      ironThresholds.ferritinLowBelow.value,
      ironThresholds.ferritinBorderlineUpTo.value,
    ].flatMap((value) => [
      `${value} ng/mL`,
      `${value}ng/mL`,
      `< ${value}`,
      `<= ${value}`,
      `>= ${value}`,
      `> ${value}`,
    ]);
    // The molar factor (1 / 2.247) as written, and as its reciprocal.
    const factors = ferritinUnits
      .filter((u) => u.toNgPerMl !== 1)
      .flatMap((u) => [String(u.toNgPerMl), String(Number((1 / u.toNgPerMl).toFixed(3)))]);
    expect(factors.length).toBeGreaterThan(0);
    const hits = [...thresholdTexts, ...factors].flatMap((text) =>
      files.filter((f) => f.text.includes(text)).map((f) => `${text} in ${f.path}`),
    );
    expect(hits).toEqual([]);
  });
});
