import type { FinanceContact, FinanceDocument, FxRate } from '@capliquify/shared';
import type { MovementKind } from '@capliquify/shared';
import { dayNumber, isoDay } from '@capliquify/shared/finance/days';
import type { ValuationMovement } from '@capliquify/shared/finance/inventory-valuation';

// A seeded manufacturer's books for `npm run bench:finance`: two years of invoices and bills with
// payments (some late, some partial), credit notes allocated or not, prepayments, voided documents,
// three currencies with daily rates, and a stock ledger of receipts, shipments, production and
// counts. Same seed, same data.

export const BENCH_AS_OF = '2026-03-31';
const END = dayNumber(BENCH_AS_OF);
const START = END - 729;

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FinanceBenchData {
  contacts: FinanceContact[];
  documents: FinanceDocument[];
  fxRates: FxRate[];
}

const CURRENCIES = ['GBP', 'GBP', 'GBP', 'GBP', 'GBP', 'GBP', 'GBP', 'USD', 'USD', 'EUR'];

export function financeDocuments(invoicesAndBills: number, seed = 8): FinanceBenchData {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const contacts: FinanceContact[] = [];
  const lateness = new Map<string, number>();
  for (let i = 0; i < 600; i++) {
    const id = `cust-${i}`;
    contacts.push({ id, kind: 'customer', name: `Customer ${i}`, currency: pick(CURRENCIES), paymentTermsDays: pick([14, 30, 30, 45, 60]) });
    lateness.set(id, random() < 0.3 ? random() * 40 : random() * 8);
  }
  for (let i = 0; i < 200; i++) {
    const id = `supp-${i}`;
    contacts.push({ id, kind: 'supplier', name: `Supplier ${i}`, currency: pick(CURRENCIES), paymentTermsDays: pick([30, 45, 60, 90]) });
    lateness.set(id, random() * 5);
  }
  const customers = contacts.filter((c) => c.kind === 'customer'), suppliers = contacts.filter((c) => c.kind === 'supplier');
  const documents: FinanceDocument[] = [];
  let seq = 0;
  const push = (d: Omit<FinanceDocument, 'id' | 'number'>, prefix: string) => {
    seq += 1;
    const doc = { id: `${prefix}-${seq}`, number: `${prefix}-${String(seq).padStart(6, '0')}`, ...d };
    documents.push(doc);
    return doc;
  };
  for (let n = 0; n < invoicesAndBills; n++) {
    const sale = random() < 0.7;
    const contact = sale ? pick(customers) : pick(suppliers);
    const issued = START + Math.floor(random() * 730);
    const due = issued + contact.paymentTermsDays;
    const total = Math.round(Math.exp(9 + random() * 4.5));
    const voided = random() < 0.01;
    const doc = push({
      type: sale ? 'ACCREC' : 'ACCPAY', contactId: contact.id, issuedOn: isoDay(issued), dueOn: isoDay(due), currency: contact.currency,
      totalMinor: total, status: voided ? 'VOIDED' : 'AUTHORISED', settlements: [],
    }, sale ? 'INV' : 'BILL');
    if (voided) continue;
    let owed = total;
    if (random() < 0.04) {
      const credit = Math.round(total * (0.1 + random() * 0.4));
      const note = push({
        type: sale ? 'ACCRECCREDIT' : 'ACCPAYCREDIT', contactId: contact.id, issuedOn: isoDay(issued + 5), dueOn: isoDay(issued + 5), currency: contact.currency,
        totalMinor: credit, status: 'AUTHORISED', settlements: [],
      }, 'CN');
      if (random() < 0.8 && issued + 8 <= END) {
        doc.settlements.push({ on: isoDay(issued + 8), amountMinor: credit, kind: 'credit_note', sourceId: note.id });
        owed -= credit;
      }
    }
    const paidOn = Math.round(due + lateness.get(contact.id)! * (0.5 + random()) - 3 + random() * 6);
    if (paidOn > END) continue;
    if (random() < 0.06) {
      const part = Math.round(owed * 0.4);
      doc.settlements.push({ on: isoDay(paidOn - 10), amountMinor: part, kind: 'payment', sourceId: null });
      if (random() < 0.5) continue;
      owed -= part;
    }
    doc.settlements.push({ on: isoDay(Math.max(issued, paidOn)), amountMinor: owed, kind: 'payment', sourceId: null });
    doc.status = 'PAID';
  }
  for (let n = 0; n < invoicesAndBills / 200; n++) {
    const contact = pick(customers);
    const day = END - Math.floor(random() * 60);
    push({ type: 'RECEIVE-PREPAYMENT', contactId: contact.id, issuedOn: isoDay(day), dueOn: isoDay(day), currency: contact.currency, totalMinor: Math.round(Math.exp(9 + random() * 3)), status: 'AUTHORISED', settlements: [] }, 'PRE');
  }
  const fxRates: FxRate[] = [];
  for (const [currency, start] of [['USD', 1.27], ['EUR', 1.17]] as const) {
    let rate = start;
    for (let day = START - 10; day <= END; day++) {
      rate *= 1 + (random() - 0.5) * 0.01;
      fxRates.push({ currency, day: isoDay(day), perBase: Math.round(rate * 1e6) / 1e6 });
    }
  }
  return { contacts, documents, fxRates };
}

/** Two years of weekly movements per item: shipments, reorders when low, some production, counts. */
export function stockLedger(items: number, seed = 9): ValuationMovement[] {
  const random = rng(seed);
  const moves: ValuationMovement[] = [];
  const categories = ['raw', 'components', 'finished', 'packaging', 'spares'];
  for (let i = 0; i < items; i++) {
    const itemId = `item-${i}`, category = categories[i % categories.length]!;
    const weekly = random() < 0.15 ? 0 : 2 + random() * 60;
    // Unit costs of pence to a few pounds keep COGS near 60% of the invoiced sales above.
    const cost = 30 + Math.floor(random() * 900);
    const add = (day: number, kind: MovementKind, quantity: number, unitCostMinor: number | null) =>
      moves.push({ itemId, category, at: `${isoDay(day)}T${String(8 + (moves.length % 10)).padStart(2, '0')}:00:00.000Z`, kind, quantity, unitCostMinor });
    let onHand = Math.round(weekly * 8 + random() * 50);
    add(START, 'receipt', onHand, cost);
    for (let day = START + 7; day <= END; day += 7) {
      const demand = Math.round(weekly * (0.5 + random()));
      if (demand > 0) {
        add(day, category === 'raw' || category === 'components' ? 'production_consumption' : 'shipment', demand, null);
        onHand -= demand;
      }
      if (onHand < weekly * 3) {
        const quantity = Math.round(weekly * 8);
        add(day + 1, category === 'finished' ? 'production_output' : 'receipt', quantity, Math.round(cost * (0.9 + random() * 0.2)));
        onHand += quantity;
      }
      if (random() < 0.02) add(day + 2, 'count_adjustment', random() < 0.5 ? -1 : 1, null);
    }
  }
  return moves;
}
