import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { countExpectedRow, countLineRow, countSessionRow } from '../../sync/sync-documents';
import type { SyncRowWrite } from '../../sync/sync-rows.repo';
import { listSiteExpected } from './count-expected.repo';
import { listSiteLines } from './count-line.repo';
import { listSiteSessions } from './count-session.repo';

/** Every counting document of a site's scope, built from the tables as the commands build them (for `sync rebuild`). */
export async function listSiteCountingRows(trx: Transaction<Database>, tenantId: string, siteId: string): Promise<SyncRowWrite[]> {
  return [
    ...(await listSiteSessions(trx, tenantId, siteId)).map(countSessionRow),
    ...(await listSiteExpected(trx, tenantId, siteId)).map(countExpectedRow),
    ...(await listSiteLines(trx, tenantId, siteId)).map(countLineRow),
  ];
}
