import type { MedicationClassId } from '../contracts/ids';
import {
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
  return index;
})();
