import type { MedicationClassId } from '../contracts/ids';
import {
  atcClassRules,
  combinationBrands,
  type IngredientDefinition,
  ingredients,
  medicationClasses,
  productCodes,
} from '../knowledge/medications';
import { PhraseIndex } from './phrase-index';

// Lookup tables built once from lib/knowledge: RxNorm code -> ingredients, and a word index of
// ingredient, synonym and brand names.

export interface KnownIngredient {
  definition: IngredientDefinition;
  role: 'offending' | 'treatment';
  classes: MedicationClassId[];
}

const roleByClass = new Map(medicationClasses.map((c) => [c.id, c.role]));

function known(definition: IngredientDefinition): KnownIngredient {
  // A drug with any offending class is offending (even if also in another class), else a treatment.
  const offending = definition.classes.some((id) => roleByClass.get(id) === 'offending');
  return { definition, role: offending ? 'offending' : 'treatment', classes: [...definition.classes] };
}

const byName = new Map(ingredients.map((d) => [d.name, known(d)]));

export const ingredientsByRxcui: ReadonlyMap<string, readonly KnownIngredient[]> = (() => {
  const map = new Map<string, KnownIngredient[]>();
  const add = (code: string, ingredient: KnownIngredient | undefined) => {
    if (!ingredient) return;
    const list = map.get(code);
    if (list) list.push(ingredient);
    else map.set(code, [ingredient]);
  };
  for (const d of ingredients) if (d.rxnorm) add(d.rxnorm.code, byName.get(d.name));
  for (const product of productCodes)
    for (const name of product.ingredients) add(product.rxcui, byName.get(name));
  return map;
})();

export const ingredientNameIndex: PhraseIndex<KnownIngredient> = (() => {
  const index = new PhraseIndex<KnownIngredient>();
  for (const ingredient of byName.values()) {
    const d = ingredient.definition;
    for (const name of [d.name, ...(d.synonyms ?? []), ...d.brands]) index.add(name, ingredient);
  }
  for (const product of combinationBrands) {
    for (const name of product.ingredients) {
      const ingredient = byName.get(name);
      if (ingredient) index.add(product.brand, ingredient);
    }
  }
  return index;
})();

/** ATC code (upper case) -> the ingredient whose row names it. */
const ingredientsByAtc = new Map<string, KnownIngredient>();
for (const ingredient of byName.values()) {
  const atc = ingredient.definition.atc;
  if (atc) ingredientsByAtc.set(atc.toUpperCase(), ingredient);
}

/**
 * The known ingredient an ATC code names: the ingredient row with that code, else a member of a
 * class whose every member is offending (named by the coding's display, or the code). Null when
 * neither (most ATC codes).
 */
export function ingredientByAtc(code: string, display: string | undefined): KnownIngredient | null {
  const upper = code.trim().toUpperCase();
  const exact = ingredientsByAtc.get(upper);
  if (exact) return exact;
  // Only full 7-character substance codes: a class code alone ("N05A") names no drug.
  if (upper.length !== 7) return null;
  const rule = atcClassRules.find(
    (r) => upper.startsWith(r.prefix) && !r.except.some((e) => upper.startsWith(e)),
  );
  if (!rule) return null;
  // Features merge by ingredient name, so a fresh stand-in per coding is fine.
  const name = display?.trim().toLowerCase() || `ATC ${upper}`;
  return {
    definition: { name, classes: [rule.classId], brands: [], atc: upper, citation: rule.citation },
    role: 'offending',
    classes: [rule.classId],
  };
}
