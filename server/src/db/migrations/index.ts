import type { Migration } from 'kysely';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-sync';
import * as m0003 from './0003-sync-row-times';
import * as m0004 from './0004-counting';
import * as m0005 from './0005-scope-cursor-keys';
import * as m0006 from './0006-identity';
import * as m0007 from './0007-audit-and-secrets';
import * as m0008 from './0008-row-level-security';
import * as m0009 from './0009-integrations';
import * as m0010 from './0010-unleashed';
import * as m0011 from './0011-oauth-states';
import * as m0013 from './0013-unleashed-sales-orders';
import * as m0014 from './0014-forecasts';
import * as m0015 from './0015-fleet';
import * as m0016 from './0016-finance';
import * as m0017 from './0017-release-tokens';
import * as m0018 from './0018-finance-report-schedules';
import * as m0019 from './0019-legal-entities';

/**
 * Every migration, by name, in order. A static list rather than a folder scan so the server
 * bundles and runs from anywhere; add each new `000N-…` module here.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-sync': m0002,
  '0003-sync-row-times': m0003,
  '0004-counting': m0004,
  '0005-scope-cursor-keys': m0005,
  '0006-identity': m0006,
  '0007-audit-and-secrets': m0007,
  '0008-row-level-security': m0008,
  '0009-integrations': m0009,
  '0010-unleashed': m0010,
  '0011-oauth-states': m0011,
  '0013-unleashed-sales-orders': m0013,
  '0014-forecasts': m0014,
  '0015-fleet': m0015,
  '0016-finance': m0016,
  '0017-release-tokens': m0017,
  '0018-finance-report-schedules': m0018,
  '0019-legal-entities': m0019,
};
