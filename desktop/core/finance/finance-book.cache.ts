import type { Kysely } from 'kysely';
import type { FinanceProfile, LegalEntity } from '@capliquify/shared';
import { financeDataOf, inventoryThrough, prepareFinanceBook, type FinanceBook, type FinanceData } from '@capliquify/shared/finance/index';
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
  /** The legal entities the documents name, for the filter (none in a single set of books). */
  entities: LegalEntity[];
  unreadable: number;
}

export interface BookFilter { currency?: string; entity?: string }

export interface FinanceBookCache {
  /** The data as of the replica's current revision. */
  load(): Promise<LoadedFinance>;
  /** The book of every document, or only of those in one currency, one legal entity or both. */
  book(filter?: BookFilter): Promise<{ loaded: LoadedFinance; book: FinanceBook }>;
  /** `compute()` once per revision and key; the few most recent are kept. */
  memo<T>(key: string, loaded: LoadedFinance, compute: () => T): T;
}

const MEMO_SIZE = 24;


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
    return { revision, data, profile: rows.profile, currencies, entities: rows.profile?.entities ?? [], unreadable: rows.unreadable };
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
    async book(filter = {}) {
      const loaded = await load();
      const currency = filter.currency?.toUpperCase();
      const key = JSON.stringify([currency ?? null, filter.entity ?? null]);
      let book = books.get(key);
      if (!book) {
        const data = currency === undefined && filter.entity === undefined ? loaded.data : financeDataOf(loaded.data, { currency, entity: filter.entity });
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
