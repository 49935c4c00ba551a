import type { Kysely } from 'kysely';
import type { FinanceProfile } from '@capliquify/shared';
import { prepareFinanceBook, type FinanceBook, type FinanceData } from '@capliquify/shared/finance/index';
import { financeRevision, readFinanceRows } from '../replica/finance.repo';
import type { ReplicaDatabase } from '../replica/replica.schema';
import { runEngine } from './finance-error';

// The working-capital engine's prepared book, built from the replica once per revision of the
// finance rows (a pull that changed the finance scope moves it) and once per currency filter.
// Reports over it are memoised per revision too: a table scrolled a window at a time asks for the
// same aging many times, and the engine's answer does not change until the next pull.

export interface LoadedFinance {
  revision: number;
  data: FinanceData;
  profile: FinanceProfile | null;
  /** Currencies of the documents, for the filter. */
  currencies: string[];
  unreadable: number;
}

export interface FinanceBookCache {
  /** The data as of the replica's current revision. */
  load(): Promise<LoadedFinance>;
  /** The book of every document, or only of those in `currency`. */
  book(currency?: string): Promise<{ loaded: LoadedFinance; book: FinanceBook }>;
  /** `compute()` once per revision and key; the few most recent are kept. */
  memo<T>(key: string, loaded: LoadedFinance, compute: () => T): T;
}

const MEMO_SIZE = 24;

/**
 * The months were valued up to the day of the refresh that last changed the scope (the profile's
 * `asOf`), so the current month is partial up to that day (as the server reads them).
 */
function inventoryThrough(profile: FinanceProfile | null, months: FinanceData['inventoryMonths']): { inventoryThrough: string } | null {
  if (!profile || months.length === 0) return null;
  const day = profile.asOf.slice(0, 10);
  const latest = months.reduce((max, m) => (m.month > max ? m.month : max), '');
  return day >= latest ? { inventoryThrough: day } : null;
}

/**
 * The data in one currency: its documents and open orders; the sales outlook is in the base
 * currency, so it stays only when that is the one asked for.
 */
function onlyCurrency(data: FinanceData, currency: string): FinanceData {
  return {
    ...data,
    documents: data.documents.filter((d) => d.currency.toUpperCase() === currency),
    plannedPurchases: (data.plannedPurchases ?? []).filter((p) => p.currency.toUpperCase() === currency),
    salesOutlook: data.baseCurrency.toUpperCase() === currency ? data.salesOutlook : null,
  };
}

export function createFinanceBookCache(db: Kysely<ReplicaDatabase>, baseCurrencyFallback = 'GBP'): FinanceBookCache {
  let current: { revision: number; loaded: Promise<LoadedFinance> } | null = null;
  let books = new Map<string, FinanceBook>();
  let memos = new Map<string, unknown>();

  async function read(revision: number): Promise<LoadedFinance> {
    const rows = await readFinanceRows(db);
    const data: FinanceData = {
      baseCurrency: rows.profile?.baseCurrency ?? baseCurrencyFallback,
      contacts: rows.contacts, documents: rows.documents, fxRates: rows.fxRates, inventoryMonths: rows.inventoryMonths,
      plannedPurchases: rows.plannedPurchases, salesOutlook: rows.salesOutlook,
      ...(inventoryThrough(rows.profile, rows.inventoryMonths) ?? {}),
    };
    const currencies = [...new Set(rows.documents.map((d) => d.currency.toUpperCase()))].sort();
    return { revision, data, profile: rows.profile, currencies, unreadable: rows.unreadable };
  }

  async function load(): Promise<LoadedFinance> {
    const revision = await financeRevision(db);
    if (current?.revision !== revision) {
      const loaded = read(revision);
      current = { revision, loaded };
      books = new Map();
      memos = new Map();
      // A failed read must not stay cached.
      loaded.catch(() => { if (current?.loaded === loaded) current = null; });
    }
    return current.loaded;
  }

  return {
    load,
    async book(currency) {
      const loaded = await load();
      const key = currency?.toUpperCase() ?? '*';
      let book = books.get(key);
      if (!book) {
        const data = currency === undefined ? loaded.data : onlyCurrency(loaded.data, key);
        book = runEngine(() => prepareFinanceBook(data));
        // Only the book of the revision still current is kept: a pull may have landed meanwhile.
        if (current && (await current.loaded) === loaded) books.set(key, book);
      }
      return { loaded, book };
    },
    memo(key, loaded, compute) {
      const full = `${loaded.revision}|${key}`;
      if (memos.has(full)) {
        const value = memos.get(full);
        // Most recently used last, so the oldest is the one dropped.
        memos.delete(full);
        memos.set(full, value);
        return value as ReturnType<typeof compute>;
      }
      const value = compute();
      if (current && memos.size >= MEMO_SIZE) memos.delete(memos.keys().next().value!);
      memos.set(full, value);
      return value;
    },
  };
}
