import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Database } from '../../db/schema';
import { refreshFinanceScope } from '../../domains/working-capital/finance-scope.service';
import { entityForIntegration } from '../../domains/working-capital/legal-entities.repo';
import { recordRun } from '../integration-runs.service';
import { getCursor, setCursor, type Integration } from '../integrations.repo';
import { toMinorUnits } from './minor-units';
import { deletePayment, lockInvoice, saveParty, savePayment, tenantCurrency, upsertInvoice, voidInvoice } from './xero-ledger.repo';
import { xeroSettingsOf } from './xero-integrations.repo';
import type { XeroRuntime } from './xero-runtime';
import { xeroAccessToken } from './xero-token.service';
import { createXeroClient, type XeroClient, type XeroLimits, type XeroResource } from './xero.client';
import { mapContact, mapInvoice, mapPayment } from './xero.mapper';
import { xeroContactSchema, xeroInvoiceSchema, xeroPaymentSchema, type XeroContact, type XeroInvoice, type XeroPayment } from './xero.schemas';

// One organisation's sync: contacts, then invoices (which need their contacts), then payments
// (which need their invoices), each a recorded run with its own cursor. A full sync walks
// everything; a delta asks for what changed since the newest UpdatedDateUTC seen last time. The
// cursor moves only after a stream's last page is stored, so a failure part-way re-fetches
// rather than skips. Each page is written in one transaction. Afterwards the finance scope is
// brought in step, so finance workstations receive the changed invoices and payments.
// Credit notes, prepayments and their allocations are not fetched from Xero's own endpoints yet:
// the invoices carry their effect (xero.mapper.ts), which the finance documents keep.

export type XeroSyncMode = 'full' | 'delta';
export interface XeroSyncResult { contacts: number; invoices: number; payments: number; skipped: number; limits: XeroLimits }

export interface XeroSyncOptions {
  log?: Logger;
  progress?: (fraction: number, note: string) => Promise<void>;
}

interface Stream<T extends { UpdatedDateUTC: Date }> {
  name: 'contacts' | 'invoices' | 'payments';
  resource: XeroResource;
  schema: z.ZodType<T>;
  apply(trx: Transaction<Database>, record: T): Promise<'stored' | 'skipped'>;
}

export async function syncXeroIntegration(
  db: Kysely<Database>, rt: XeroRuntime, integration: Integration, mode: XeroSyncMode, options: XeroSyncOptions = {},
): Promise<XeroSyncResult> {
  const settings = xeroSettingsOf(integration);
  const tenantId = integration.tenant_id;
  const grant = { tenantId, grantId: settings.grantId };
  const client = createXeroClient({
    rt, xeroTenantId: settings.xeroTenantId, log: options.log,
    accessToken: (rejected) => xeroAccessToken(db, rt, grant, { rejected, log: options.log }),
  });
  const currency = await tenantCurrency(db, tenantId);
  // Each organisation is a legal entity of the tenant: its documents are filtered by it.
  const entityId = await entityForIntegration(db, tenantId, integration.id, integration.name);
  const result: XeroSyncResult = { contacts: 0, invoices: 0, payments: 0, skipped: 0, limits: client.limits };

  const contacts: Stream<XeroContact> = {
    name: 'contacts', resource: 'Contacts', schema: xeroContactSchema,
    async apply(trx, contact) {
      // Xero flags a contact as customer or supplier once it has a sales invoice or a bill.
      for (const [table, role, flagged] of [['customers', 'customer', contact.IsCustomer], ['suppliers', 'supplier', contact.IsSupplier]] as const) {
        await saveParty(trx, table, tenantId, mapContact(contact, role), flagged ? 'upsert' : 'update', currency);
      }
      return 'stored';
    },
  };
  const invoices: Stream<XeroInvoice> = {
    name: 'invoices', resource: 'Invoices', schema: xeroInvoiceSchema,
    async apply(trx, record) {
      const change = mapInvoice(record);
      if (change.kind === 'skip') return 'skipped';
      if (change.kind === 'void') return (await voidInvoice(trx, tenantId, change.externalRef)) ? 'stored' : 'skipped';
      const { invoice } = change;
      const contactId = await saveParty(trx, invoice.type === 'ACCREC' ? 'customers' : 'suppliers', tenantId,
        { externalRef: invoice.contact.externalRef, name: invoice.contact.name, currency: null, paymentTermsDays: null }, 'ensure', invoice.currency);
      await upsertInvoice(trx, tenantId, contactId!, invoice, entityId);
      return 'stored';
    },
  };
  const payments: Stream<XeroPayment> = {
    name: 'payments', resource: 'Payments', schema: xeroPaymentSchema,
    async apply(trx, record) {
      const change = mapPayment(record);
      if (change.kind === 'skip') return 'skipped';
      if (change.kind === 'delete') {
        await deletePayment(trx, tenantId, change.externalRef);
        return 'stored';
      }
      // A payment of an invoice we skipped (a draft then) or do not hold yet comes again with the next full sync.
      const invoice = await lockInvoice(trx, tenantId, change.invoiceRef);
      if (!invoice) return 'skipped';
      await savePayment(trx, tenantId, { externalRef: change.externalRef, invoiceId: invoice.id, paidOn: change.paidOn, amountMinor: toMinorUnits(change.amount, invoice.currency) });
      return 'stored';
    },
  };

  const run = async <T extends { UpdatedDateUTC: Date }>(index: number, stream: Stream<T>) => {
    const report = (fraction: number, note: string) => options.progress?.((index + fraction) / 3, note) ?? Promise.resolve();
    result[stream.name] = await recordRun(db, integration, stream.name, () => syncStream(db, client, integration, stream, mode, result, report));
  };
  try {
    await run(0, contacts);
    await run(1, invoices);
    await run(2, payments);
  } finally {
    // What was stored reaches the finance workstations, even when a later stream failed. The
    // nightly finance refresh catches up should this fail too; it must not hide the sync's own error.
    await refreshFinanceScope(db, tenantId, { inventory: false })
      .catch((error: unknown) => options.log?.warn({ err: error, integrationId: integration.id }, 'could not replicate the finance documents after the Xero sync'));
  }
  options.log?.info({ integrationId: integration.id, mode, ...result }, 'Xero sync finished');
  return result;
}

async function syncStream<T extends { UpdatedDateUTC: Date }>(
  db: Kysely<Database>, client: XeroClient, integration: Integration, stream: Stream<T>, mode: XeroSyncMode,
  result: XeroSyncResult, report: (fraction: number, note: string) => Promise<void>,
): Promise<number> {
  const cursor = mode === 'delta' ? await getCursor(db, integration.id, stream.name) : null;
  const since = cursor ? new Date(cursor) : null;
  let newest = since;
  let stored = 0;
  for await (const page of client.pages(stream.resource, stream.schema, { since })) {
    await db.transaction().execute(async (trx) => {
      for (const record of page.items) {
        if ((await stream.apply(trx, record)) === 'stored') stored += 1;
        else result.skipped += 1;
        if (!newest || record.UpdatedDateUTC > newest) newest = record.UpdatedDateUTC;
      }
    });
    await report(page.pageCount ? page.page / page.pageCount : 0.5, `${stream.name}: page ${page.page}${page.pageCount ? ` of ${page.pageCount}` : ''}`);
  }
  if (newest && (!since || newest > since)) await setCursor(db, integration, stream.name, newest.toISOString());
  return stored;
}
