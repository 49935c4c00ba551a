import type { ScenarioInput } from '@capliquify/shared/finance/scenario.schema';

// The scenario editor's fields as typed, and the scenario they make. Each field is text until
// it is read here, so a half-typed number is explained rather than silently taken as 0.

export interface ContactOverride { id: string; shift: string; terms: string }
export interface CategoryChange { mode: 'pct' | 'dio'; value: string }

export interface ScenarioForm {
  name: string;
  customerShift: string;
  customerTerms: string;
  supplierShift: string;
  supplierTerms: string;
  inventoryPct: string;
  customers: ContactOverride[];
  suppliers: ContactOverride[];
  categories: Record<string, CategoryChange>;
}

export const EMPTY_FORM: ScenarioForm = {
  name: '', customerShift: '', customerTerms: '', supplierShift: '', supplierTerms: '', inventoryPct: '', customers: [], suppliers: [], categories: {},
};

type Read = { value: number | undefined; error: string | null };

function whole(text: string, what: string, min: number, max: number): Read {
  const t = text.trim().replace(/^−/, '-').replace(/^\+/, '');
  if (t === '') return { value: undefined, error: null };
  if (!/^-?\d+$/.test(t)) return { value: undefined, error: `${what}: “${text.trim()}” is not a whole number of days.` };
  const n = Number(t);
  if (n < min || n > max) return { value: undefined, error: `${what}: ${n} is outside ${min} to ${max}.` };
  return { value: n, error: null };
}

function decimal(text: string, what: string, min: number, max: number): Read {
  const t = text.trim().replace(/^−/, '-').replace(/^\+/, '').replace(/%$/, '');
  if (t === '') return { value: undefined, error: null };
  if (!/^-?\d+(\.\d+)?$/.test(t)) return { value: undefined, error: `${what}: “${text.trim()}” is not a number.` };
  const n = Number(t);
  if (n < min || n > max) return { value: undefined, error: `${what}: ${n} is outside ${min} to ${max}.` };
  return { value: n, error: null };
}

function change(shift: Read, terms: Read): { shiftDays?: number; termsDays?: number } | undefined {
  if (shift.value === undefined && terms.value === undefined) return undefined;
  return { ...(shift.value !== undefined ? { shiftDays: shift.value } : {}), ...(terms.value !== undefined ? { termsDays: terms.value } : {}) };
}

export type FormResult = { ok: true; scenario: ScenarioInput } | { ok: false; errors: string[] };

/** The scenario the fields describe, or every field that needs fixing. */
export function formToScenario(form: ScenarioForm, names: ReadonlyMap<string, string> = new Map()): FormResult {
  const errors: string[] = [];
  const read = (r: Read) => { if (r.error) errors.push(r.error); return r; };
  if (form.name.trim() === '') errors.push('Name: give the scenario a name.');
  const contacts = (list: ContactOverride[], label: string) => {
    const byContact: Record<string, { shiftDays?: number; termsDays?: number }> = {};
    for (const o of list) {
      const who = names.get(o.id) ?? o.id;
      const c = change(read(whole(o.shift, `${who} (${label}) sooner or later`, -365, 365)), read(whole(o.terms, `${who} (${label}) terms`, 0, 365)));
      if (c) byContact[o.id] = c;
    }
    return byContact;
  };
  const customersAll = change(read(whole(form.customerShift, 'Customers pay later (+) or sooner (−)', -365, 365)), read(whole(form.customerTerms, 'Customers’ terms', 0, 365)));
  const suppliersAll = change(read(whole(form.supplierShift, 'Suppliers paid later (+) or sooner (−)', -365, 365)), read(whole(form.supplierTerms, 'Suppliers’ terms', 0, 365)));
  const pct = read(decimal(form.inventoryPct, 'Stock change', -100, 1000));
  const byCategory: Record<string, { changePct: number } | { targetDioDays: number }> = {};
  for (const [category, c] of Object.entries(form.categories)) {
    const r = c.mode === 'pct' ? read(decimal(c.value, `${category} stock change`, -100, 1000)) : read(decimal(c.value, `${category} target DIO`, 0, 3650));
    if (r.value !== undefined) byCategory[category] = c.mode === 'pct' ? { changePct: r.value } : { targetDioDays: r.value };
  }
  const customers = contacts(form.customers, 'customer');
  const suppliers = contacts(form.suppliers, 'supplier');
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    scenario: {
      name: form.name.trim(),
      customers: { ...(customersAll ? { all: customersAll } : {}), byContact: customers },
      suppliers: { ...(suppliersAll ? { all: suppliersAll } : {}), byContact: suppliers },
      inventory: { ...(pct.value !== undefined ? { all: { changePct: pct.value } } : {}), byCategory },
    },
  };
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

/** A saved scenario back into the fields, to change it. */
export function scenarioToForm(s: ScenarioInput): ScenarioForm {
  const overrides = (by: Record<string, { shiftDays?: number; termsDays?: number }> | undefined) =>
    Object.entries(by ?? {}).map(([id, c]) => ({ id, shift: text(c.shiftDays), terms: text(c.termsDays) }));
  const categories: Record<string, CategoryChange> = {};
  for (const [category, c] of Object.entries(s.inventory?.byCategory ?? {})) {
    categories[category] = 'changePct' in c ? { mode: 'pct', value: String(c.changePct) } : { mode: 'dio', value: String(c.targetDioDays) };
  }
  const all = s.inventory?.all;
  return {
    name: s.name, customerShift: text(s.customers?.all?.shiftDays), customerTerms: text(s.customers?.all?.termsDays),
    supplierShift: text(s.suppliers?.all?.shiftDays), supplierTerms: text(s.suppliers?.all?.termsDays),
    inventoryPct: all && 'changePct' in all ? String(all.changePct) : '',
    customers: overrides(s.customers?.byContact), suppliers: overrides(s.suppliers?.byContact), categories,
  };
}
