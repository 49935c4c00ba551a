import { useHashRoute } from '../hooks/use-hash-route';
import { SyncEngineContext, useSyncEngine } from '../hooks/use-sync-engine';
import { useSyncStatus } from '../hooks/use-sync-status';
import { SECTIONS } from '../sections';
import { StockScreen } from '../screens/StockScreen';
import { SideNav } from './SideNav';
import { SyncPanel } from './SyncPanel';
import { SyncStatusBar } from './SyncStatusBar';
import { UpcomingSection } from './UpcomingSection';

export function AppShell() {
  const section = useHashRoute();
  const sync = useSyncStatus();
  const engine = useSyncEngine();
  // With the sync engine, local writes change on-hand too: re-read the list when the outbox moves.
  const lastSyncAt = sync.status?.lastSyncAt ?? null;
  const revision = engine.available && engine.status ? `${lastSyncAt}#${engine.status.pendingCount}#${engine.status.confirmedMutationId}` : lastSyncAt;
  const current = SECTIONS.find((s) => s.id === section) ?? SECTIONS[1];

  return (
    <SyncEngineContext value={engine}>
      <div className="app-shell">
        <a className="skip-link" href="#main">Skip to content</a>
        <header className="app-header">
          <span className="brand">CapLiquify</span>
          <SyncStatusBar {...sync} />
        </header>
        <SideNav current={section} />
        <main id="main" className="app-main" tabIndex={-1}>
          {engine.available && <SyncPanel state={engine} />}
          {current.upcoming === null
            ? <StockScreen revision={revision} />
            : <UpcomingSection title={current.label} description={current.upcoming} />}
        </main>
      </div>
    </SyncEngineContext>
  );
}
