import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

// Scheduled finance reports keep e-mail addresses to mail: a person's address there is theirs to
// see (export) and to have removed (erasure). The person who created a schedule is kept by id.

type Db = Kysely<Database> | Transaction<Database>;

export interface ScheduleOfPerson {
  id: string;
  name: string;
  cadence: 'daily' | 'weekly';
  delivery: 'email' | 'folder';
  recipients: string[];
  enabled: boolean;
  /** What the person is to the schedule: its recipient, its creator, or both. */
  roles: ('recipient' | 'created_by')[];
}

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The tenant's schedules that mail the address (ignoring case) or that the person created. */
export async function findSchedulesOfPerson(db: Db, tenantId: string, person: { id: string; email: string }): Promise<ScheduleOfPerson[]> {
  const rows = await db.selectFrom('finance_report_schedules').select(['id', 'name', 'cadence', 'delivery', 'recipients', 'enabled', 'created_by'])
    .where('tenant_id', '=', tenantId).orderBy('name').execute();
  return rows.flatMap((r) => {
    const recipients = Array.isArray(r.recipients) ? r.recipients.filter((x): x is string => typeof x === 'string') : [];
    const roles: ScheduleOfPerson['roles'] = [];
    if (recipients.some((x) => sameAddress(x, person.email))) roles.push('recipient');
    if (r.created_by === person.id) roles.push('created_by');
    return roles.length === 0 ? [] : [{ id: r.id, name: r.name, cadence: r.cadence, delivery: r.delivery, recipients, enabled: r.enabled, roles }];
  });
}

/**
 * Takes the address off the schedule's recipients. A mailed schedule left with nobody to mail is
 * switched off, saying why, rather than failing at every slot.
 */
export async function removeRecipient(trx: Transaction<Database>, tenantId: string, schedule: ScheduleOfPerson, email: string): Promise<void> {
  const recipients = schedule.recipients.filter((x) => !sameAddress(x, email));
  const orphaned = schedule.delivery === 'email' && recipients.length === 0;
  await trx.updateTable('finance_report_schedules')
    .set({
      recipients: JSON.stringify(recipients), updated_at: new Date(),
      ...(orphaned ? { enabled: false, last_error: 'Its only recipient was erased: add a recipient and switch it on to send it again.' } : {}),
    })
    .where('tenant_id', '=', tenantId).where('id', '=', schedule.id).execute();
}
