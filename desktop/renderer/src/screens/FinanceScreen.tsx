import { useState, type KeyboardEvent } from 'react';
import { AgingView } from '../components/finance/AgingView';
import { AlertsView, AlertView } from '../components/finance/AlertsView';
import { CashView } from '../components/finance/CashView';
import { ContactView } from '../components/finance/ContactView';
import { DrillView } from '../components/finance/DrillView';
import { FinanceDashboard } from '../components/finance/FinanceDashboard';
import { FinanceFilterBar } from '../components/finance/FinanceFilterBar';
import '../components/finance/finance.css';
import { FreshnessBanner } from '../components/finance/FreshnessBanner';
import { ScenariosView } from '../components/finance/ScenariosView';
import { DEFAULT_FILTERS, type FinanceFilters } from '../finance/finance-filters';
import { financeView, parentPath } from '../finance/finance-route';
import { navigate } from '../hooks/use-hash-route';
import { useLocalQuery } from '../hooks/use-local-query';
import { useSyncEngineState } from '../hooks/use-sync-engine';
import { useLocalClient } from '../rpc/local-client-context';

const VIEWS = [
  { path: [], label: 'Dashboard', kinds: ['dashboard', 'drill', 'contact', 'category'] },
  { path: ['aging', 'AR'], label: 'Aging', kinds: ['aging', 'aging-contact'] },
  { path: ['cash'], label: 'Cash forecast', kinds: ['cash'] },
  { path: ['scenarios'], label: 'Scenarios', kinds: ['scenarios'] },
  { path: ['alerts'], label: 'Alerts', kinds: ['alerts', 'alert'] },
];

const editable = (target: EventTarget) => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * The Finance section, from this finance workstation's replica so it works offline: a dashboard
 * of DSO, DPO, DIO and the cash conversion cycle with their formulas, drill-downs to the invoices
 * behind them, aging, the cash forecast, scenarios and alerts, each exportable. Escape or
 * Backspace goes back up a drill-down.
 */
export function FinanceScreen({ path, revision }: { path: string[]; revision: string | null }) {
  const client = useLocalClient();
  const [chosen, setFilters] = useState<FinanceFilters>(DEFAULT_FILTERS);
  const freshness = useLocalQuery(() => client.finance.freshness.query(), revision ?? '');
  // An entity chosen before a pull that dropped it falls back to all entities.
  const filters = chosen.entity && freshness.data && !freshness.data.entities.some((e) => e.id === chosen.entity) ? { ...chosen, entity: null } : chosen;
  const view = financeView(path);
  // Coming back up a drill, the row it went into is made active again.
  const [trail, setTrail] = useState<{ path: string[]; returnTo: string | null }>({ path, returnTo: null });
  if (trail.path.join('/') !== path.join('/')) {
    const before = trail.path;
    const cameUp = before.length === path.length + 1 && path.every((p, i) => before[i] === p);
    setTrail({ path, returnTo: cameUp ? before.at(-1) ?? null : null });
  }
  const returnTo = trail.returnTo;
  const engine = useSyncEngineState();
  // The engine's live state says "offline" the moment it is; the replica's answer only on the next read.
  const fresh = freshness.data && engine?.status ? { ...freshness.data, offline: engine.unreachable || engine.status.connection === 'offline', lastSyncAt: engine.status.lastSyncAt } : freshness.data;

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if ((event.key !== 'Escape' && event.key !== 'Backspace') || editable(event.target) || event.defaultPrevented) return;
    const up = parentPath(path);
    if (up === null) return;
    event.preventDefault();
    navigate('finance', ...up);
  };

  const body = () => {
    if (!fresh) return null;
    const common = { filters, revision };
    switch (view.kind) {
      case 'dashboard': return <FinanceDashboard {...common} />;
      case 'drill': return <DrillView by={view.by} returnTo={returnTo} {...common} />;
      case 'category': return <DrillView by="item" category={view.category} {...common} />;
      case 'contact': return <ContactView contactId={view.contactId} {...common} />;
      case 'aging': return <AgingView ledger={view.ledger} returnTo={returnTo} {...common} />;
      case 'aging-contact': return <AgingView ledger={view.ledger} contactId={view.contactId} {...common} />;
      case 'cash': return <CashView baseCurrency={fresh.baseCurrency} {...common} />;
      case 'scenarios': return <ScenariosView {...common} />;
      case 'alerts': return <AlertsView {...common} />;
      case 'alert': return <AlertView anomalyId={view.anomalyId} baseCurrency={fresh.baseCurrency} {...common} />;
    }
  };

  return (
    <section className="finance-screen" aria-labelledby="section-heading" onKeyDown={onKeyDown}>
      <h1 id="section-heading">Finance</h1>
      {freshness.error && !fresh && <div className="empty-state"><p className="empty-title">The Finance section is not available</p><p role="alert">{freshness.error}</p></div>}
      {fresh && !fresh.hasData && (
        <div className="empty-state">
          <p className="empty-title">No finance data on this station</p>
          <p>Finance workstations hold the company’s invoices, bills and stock values so the figures work offline. Ask an administrator to enrol this station as a finance workstation (<span className="mono">devices enroll --kind finance</span>); the data arrives with the next sync.</p>
          <p>{fresh.offline ? 'This station is offline: it arrives once the network is back.' : `Last sync: ${fresh.lastSyncAt ?? 'never'}.`}</p>
        </div>
      )}
      {fresh?.hasData && (
        <>
          <FreshnessBanner freshness={fresh} />
          <nav className="finance-nav" aria-label="Finance views">
            <ul>
              {VIEWS.map((v) => (
                <li key={v.label}>
                  <a href={`#/${['finance', ...v.path].join('/')}`} aria-current={v.kinds.includes(view.kind) ? 'page' : undefined}>{v.label}</a>
                </li>
              ))}
            </ul>
          </nav>
          <FinanceFilterBar filters={filters} onChange={setFilters} currencies={fresh.currencies} entities={fresh.entities} defaultEndOn={fresh.defaultEndOn} />
          {parentPath(path) !== null && (
            <p><a className="back-link" href={`#/${['finance', ...(parentPath(path) ?? [])].join('/')}`}>← Back</a> <span className="muted">(Escape)</span></p>
          )}
          <div key={path.join('/')}>{body()}</div>
        </>
      )}
    </section>
  );
}
