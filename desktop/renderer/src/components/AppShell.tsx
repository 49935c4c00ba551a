import { useHashRoute } from '../hooks/use-hash-route';
import { SyncEngineContext, useSyncEngine } from '../hooks/use-sync-engine';
import { SECTIONS } from '../sections';
import { CountingScreen } from '../screens/CountingScreen';
import { StockScreen } from '../screens/StockScreen';
import { EnrollScreen } from './EnrollScreen';
import { SideNav } from './SideNav';
import { SyncPanel } from './SyncPanel';
import { SyncStatusBar } from './SyncStatusBar';
import { UpcomingSection } from './UpcomingSection';

export function AppShell() {
  const { section, path } = useHashRoute();
  const engine = useSyncEngine();
  const { status } = engine;
  // Local writes change on-hand too: re-read the list when a sync lands or the outbox moves.
  const revision = status ? `${status.lastSyncAt}#${status.pendingCount}#${status.confirmedMutationId}#${status.unseenRejections}` : null;
  const current = SECTIONS.find((s) => s.id === section) ?? SECTIONS[1];

  const screen = () => {
    if (current.upcoming !== null) return <UpcomingSection title={current.label} description={current.upcoming} />;
    if (current.id === 'counting') return <CountingScreen path={path} revision={revision} />;
    return <StockScreen revision={revision} />;
  };

  return (
    <SyncEngineContext value={engine}>
      <div className="app-shell">
        <a className="skip-link" href="#main">Skip to content</a>
        <header className="app-header">
          <span className="brand">CapLiquify</span>
          <SyncStatusBar {...engine} />
        </header>
        <SideNav current={section} />
        <main id="main" className="app-main" tabIndex={-1}>
          {status && !status.enrolled ? <EnrollScreen onEnrolled={engine.refresh} /> : (
            <>
              {status && <SyncPanel state={engine} />}
              {screen()}
            </>
          )}
        </main>
      </div>
    </SyncEngineContext>
  );
}
