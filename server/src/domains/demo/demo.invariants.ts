import { isValidGtin } from './barcodes';
import { addDays } from './dates';
import type { DemoDataset } from './demo.types';

/**
 * Checks of what a user would notice if the demo were wrong. Each returns the violations found
 * (empty when the data is sound), so a failing test says exactly what broke.
 */
export function negativeOnHand(data: DemoDataset): string[] {
  const byKey = new Map<string, { at: string; quantity: number }[]>();
  for (const m of data.rows.stock_movements) {
    const key = `${m.item_id}@${m.location_id}`;
    const list = byKey.get(key) ?? [];
    list.push({ at: String(m.occurred_at), quantity: Number(m.quantity) });
    byKey.set(key, list);
  }
  const out: string[] = [];
  for (const [key, list] of byKey) {
    list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    let onHand = 0;
    for (let i = 0; i < list.length; i++) {
      onHand += (list[i] as { quantity: number }).quantity;
      const at = (list[i] as { at: string }).at;
      // Movements stamped with the same instant are one moment: judge the balance after all of them.
      if (list[i + 1]?.at === at) continue;
      if (onHand < -1e-6) { out.push(`${key} at ${at}: ${onHand}`); break; }
    }
  }
  return out;
}

export function barcodeProblems(data: DemoDataset): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const b of data.rows.item_barcodes) {
    if (!isValidGtin(b.barcode)) out.push(`invalid ${b.barcode}`);
    if (seen.has(b.barcode)) out.push(`duplicate ${b.barcode}`);
    seen.add(b.barcode);
  }
  const finished = data.rows.items.filter((i) => i.type === 'finished').map((i) => i.id);
  const withCode = new Set(data.rows.item_barcodes.map((b) => b.item_id));
  for (const id of finished) if (!withCode.has(id)) out.push(`finished good ${id} has no barcode`);
  return out;
}

/** Depth of each item's BOM (0 for bought items); throws on a cycle. */
export function bomDepths(data: DemoDataset): Map<string, number> {
  const children = new Map<string, string[]>();
  for (const line of data.rows.bom_lines) children.set(line.parent_item_id, [...(children.get(line.parent_item_id) ?? []), line.component_item_id]);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) throw new Error(`BOM cycle through ${id}`);
    visiting.add(id);
    const d = Math.max(0, ...(children.get(id) ?? []).map((c) => 1 + visit(c)));
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  for (const item of data.rows.items) visit(item.id);
  return depth;
}

/** Shipments equal sales, production consumes exactly the BOM, receipts equal what was ordered. */
export function ledgerMismatches(data: DemoDataset): string[] {
  const out: string[] = [];
  const sold = new Map<string, number>();
  for (const s of data.rows.sales_daily) sold.set(s.item_id, (sold.get(s.item_id) ?? 0) + Number(s.quantity));
  const shipped = new Map<string, number>();
  const runs = new Map<string, { output?: { item: string; qty: number }; used: Map<string, number> }>();
  const received = new Map<string, number>();
  for (const m of data.rows.stock_movements) {
    const q = Number(m.quantity);
    if (m.kind === 'shipment') shipped.set(m.item_id, (shipped.get(m.item_id) ?? 0) - q);
    if (m.kind === 'receipt') received.set(`${m.reference}|${m.item_id}`, (received.get(`${m.reference}|${m.item_id}`) ?? 0) + q);
    if (m.kind === 'production_output' || m.kind === 'production_consumption') {
      const run = runs.get(String(m.reference)) ?? { used: new Map<string, number>() };
      if (m.kind === 'production_output') run.output = { item: m.item_id, qty: q };
      else run.used.set(m.item_id, (run.used.get(m.item_id) ?? 0) - q);
      runs.set(String(m.reference), run);
    }
  }
  for (const [item, qty] of sold) if (Math.abs((shipped.get(item) ?? 0) - qty) > 1e-6) out.push(`item ${item}: sold ${qty}, shipped ${shipped.get(item) ?? 0}`);
  const bom = new Map<string, Map<string, number>>();
  for (const l of data.rows.bom_lines) bom.set(l.parent_item_id, (bom.get(l.parent_item_id) ?? new Map()).set(l.component_item_id, Number(l.quantity)));
  for (const [ref, run] of runs) {
    if (!run.output) { out.push(`${ref} consumed without output`); continue; }
    const recipe = bom.get(run.output.item) ?? new Map<string, number>();
    if (recipe.size !== run.used.size) out.push(`${ref}: ${run.used.size} parts used, BOM has ${recipe.size}`);
    for (const [part, per] of recipe) {
      const expected = per * run.output.qty;
      if (Math.abs((run.used.get(part) ?? 0) - expected) > 1e-3) out.push(`${ref}: used ${run.used.get(part)} of ${part}, BOM says ${expected}`);
    }
  }
  const poById = new Map(data.rows.purchase_orders.map((p) => [p.id, p]));
  for (const line of data.rows.purchase_order_lines) {
    const po = poById.get(line.purchase_order_id);
    const got = received.get(`${po?.number}|${line.item_id}`) ?? 0;
    const expected = po?.status === 'received' ? Number(line.quantity) : 0;
    if (Math.abs(got - expected) > 1e-6) out.push(`${po?.number} ${line.item_id}: received ${got}, expected ${expected}`);
  }
  return out;
}

/** Amount paid is what payments and allocated credits add up to; PAID is settled in full on its last day. */
export function invoiceProblems(data: DemoDataset): string[] {
  const out: string[] = [];
  const paid = new Map<string, { sum: number; last: string }>();
  const settlements = [
    ...data.rows.payments.map((p) => ({ id: p.id, invoiceId: p.invoice_id, on: p.paid_on, amount: Number(p.amount_minor) })),
    ...data.rows.finance_allocations.map((a) => ({ id: a.id, invoiceId: a.invoice_id ?? '', on: a.allocated_on, amount: Number(a.amount_minor) })),
  ];
  for (const p of settlements) {
    const entry = paid.get(p.invoiceId) ?? { sum: 0, last: '' };
    entry.sum += p.amount;
    if (p.on > entry.last) entry.last = p.on;
    paid.set(p.invoiceId, entry);
    if (p.on > data.facts.endDate) out.push(`settlement ${p.id} is in the future`);
  }
  for (const inv of data.rows.invoices) {
    const total = Number(inv.total_minor);
    const amountPaid = Number(inv.amount_paid_minor);
    const payments = paid.get(inv.id) ?? { sum: 0, last: '' };
    if (payments.sum !== amountPaid) out.push(`${inv.number}: payments ${payments.sum} ≠ amount paid ${amountPaid}`);
    if (amountPaid > total) out.push(`${inv.number}: paid ${amountPaid} of ${total}`);
    if (inv.status === 'PAID' && (amountPaid !== total || inv.fully_paid_on !== payments.last)) out.push(`${inv.number}: PAID but ${amountPaid}/${total} on ${inv.fully_paid_on}`);
    if (inv.status !== 'PAID' && inv.fully_paid_on !== null) out.push(`${inv.number}: ${inv.status} with a fully-paid date`);
    if (inv.status === 'VOIDED' && amountPaid !== 0) out.push(`${inv.number}: voided but paid`);
    if (inv.due_on < inv.issued_on || inv.issued_on > data.facts.endDate) out.push(`${inv.number}: issued ${inv.issued_on}, due ${inv.due_on}`);
  }
  return out;
}

/**
 * Credit notes and prepayments as Xero keeps them: allocated to invoices of their own contact, in
 * their currency, not before either was issued, never beyond their total; PAID once used up.
 */
export function creditProblems(data: DemoDataset): string[] {
  const out: string[] = [];
  const invoices = new Map(data.rows.invoices.map((i) => [i.id, i]));
  const used = new Map<string, number>();
  const byId = new Map(data.rows.finance_credits.map((c) => [c.id, c]));
  for (const a of data.rows.finance_allocations) {
    const credit = byId.get(a.credit_id);
    const invoice = a.invoice_id ? invoices.get(a.invoice_id) : undefined;
    if (!credit || !invoice) { out.push(`allocation ${a.id} names a missing credit or invoice`); continue; }
    const ledgerMatches = (credit.type === 'ACCRECCREDIT' || credit.type === 'RECEIVE-PREPAYMENT') === (invoice.type === 'ACCREC');
    if (!ledgerMatches || credit.contact_id !== invoice.contact_id || credit.currency !== invoice.currency) out.push(`allocation ${a.id}: ${credit.number} does not belong with ${invoice.number}`);
    if (a.allocated_on < credit.issued_on || a.allocated_on < invoice.issued_on) out.push(`allocation ${a.id} on ${a.allocated_on} precedes its documents`);
    used.set(credit.id, (used.get(credit.id) ?? 0) + Number(a.amount_minor));
  }
  for (const c of data.rows.finance_credits) {
    const u = used.get(c.id) ?? 0;
    if (u > Number(c.total_minor)) out.push(`${c.number}: allocated ${u} of ${c.total_minor}`);
    if ((c.status === 'PAID') !== (u === Number(c.total_minor))) out.push(`${c.number}: ${c.status} with ${u} of ${c.total_minor} allocated`);
    if (c.issued_on > data.facts.endDate) out.push(`${c.number} is issued in the future`);
  }
  return out;
}

export function overdueInvoices(data: DemoDataset, type: 'ACCREC' | 'ACCPAY'): number {
  return data.rows.invoices.filter((i) => i.type === type && i.status === 'AUTHORISED' && i.due_on < data.facts.endDate).length;
}

/** Average units a day on promotion days against the four weeks before each promotion. */
export function promotionLift(data: DemoDataset): { promoPerDay: number; beforePerDay: number; promotions: number } {
  const qty = new Map<string, number>();
  for (const s of data.rows.sales_daily) qty.set(`${s.item_id}|${s.channel}|${s.day}`, Number(s.quantity));
  let promo = 0, promoDays = 0, before = 0, beforeDays = 0, promotions = 0;
  for (const p of data.rows.promotions) {
    if (p.starts_on > data.facts.endDate || addDays(p.starts_on, -28) < data.facts.startDate) continue;
    promotions++;
    for (let day = p.starts_on; day <= p.ends_on && day <= data.facts.endDate; day = addDays(day, 1)) {
      promo += qty.get(`${p.item_id}|${p.channel}|${day}`) ?? 0;
      promoDays++;
    }
    for (let k = 1; k <= 28; k++) {
      before += qty.get(`${p.item_id}|${p.channel}|${addDays(p.starts_on, -k)}`) ?? 0;
      beforeDays++;
    }
  }
  return { promoPerDay: promo / Math.max(1, promoDays), beforePerDay: before / Math.max(1, beforeDays), promotions };
}

/** Share of days on which each slow mover sold anything. */
export function slowMoverActiveShare(data: DemoDataset): number[] {
  const activeDays = new Map<string, Set<string>>();
  for (const s of data.rows.sales_daily) {
    if (Number(s.quantity) > 0) activeDays.set(s.item_id, (activeDays.get(s.item_id) ?? new Set()).add(s.day));
  }
  return Object.entries(data.facts.demandClass).filter(([, c]) => c === 'slow').map(([id]) => (activeDays.get(id)?.size ?? 0) / data.facts.days);
}
