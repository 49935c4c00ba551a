import { useState } from 'react';
import { FleetPanel } from '../components/admin/fleet/FleetPanel';
import { ImportPanel } from '../components/admin/ImportPanel';
import { IntegrationsPanel } from '../components/admin/IntegrationsPanel';
import { JobsPanel } from '../components/admin/JobsPanel';
import { useDenial } from '../hooks/use-denial';
import { useJobEvents } from '../hooks/use-job-events';

type Tab = 'integrations' | 'jobs' | 'import' | 'fleet';

/**
 * Integrations and jobs are an admin's with a second factor; imports a manager's; the fleet an
 * admin's to look at (changing it also needs the second factor). A tab the person may not use is
 * disabled with shared's reason beside it (the server refuses it anyway).
 */
export function AdminScreen() {
  const manage = useDenial('integrations.manage', null);
  const importing = useDenial('data.import', null);
  const fleet = useDenial('fleet.view', null);
  const [chosen, setChosen] = useState<Tab | null>(null);
  const jobs = useJobEvents();
  const allowed: Record<Tab, boolean> = { integrations: !manage, jobs: !manage, import: !importing, fleet: !fleet };
  const tab = chosen && allowed[chosen] ? chosen : (['integrations', 'jobs', 'import', 'fleet'] as const).find((t) => allowed[t]) ?? null;
  const tabButton = (id: Tab, label: string) => (
    <button type="button" role="tab" id={`tab-${id}`} aria-selected={tab === id} aria-controls={`panel-${id}`} className="tab" disabled={!allowed[id]} onClick={() => setChosen(id)}>{label}</button>
  );
  return (
    <section aria-labelledby="section-heading">
      <h1 id="section-heading">Admin</h1>
      <div className="tabs" role="tablist" aria-label="Admin views">
        {tabButton('integrations', 'Integrations')}
        {tabButton('jobs', 'Jobs')}
        {tabButton('import', 'Import')}
        {tabButton('fleet', 'Fleet')}
      </div>
      {manage && <p className="denied-reason" data-reason={manage.reason}>Integrations and jobs: {manage.message}</p>}
      {importing && <p className="denied-reason" data-reason={importing.reason}>Import: {importing.message}</p>}
      {fleet && <p className="denied-reason" data-reason={fleet.reason}>Fleet: {fleet.message}</p>}
      {tab && (
        <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
          {tab === 'integrations' && <IntegrationsPanel />}
          {tab === 'jobs' && <JobsPanel jobs={jobs} />}
          {tab === 'import' && <ImportPanel jobs={jobs} />}
          {tab === 'fleet' && <FleetPanel />}
        </div>
      )}
    </section>
  );
}
