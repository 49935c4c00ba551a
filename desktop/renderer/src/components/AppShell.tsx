import { useHashRoute } from '../hooks/use-hash-route';
import { useSyncStatus } from '../hooks/use-sync-status';
import { SECTIONS } from '../sections';
import { StockScreen } from '../screens/StockScreen';
import { SideNav } from './SideNav';
import { SyncStatusBar } from './SyncStatusBar';
import { UpcomingSection } from './UpcomingSection';

export function AppShell() {
  const section = useHashRoute();
  const sync = useSyncStatus();
  const current = SECTIONS.find((s) => s.id === section) ?? SECTIONS[1];

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="app-header">
        <span className="brand">CapLiquify</span>
        <SyncStatusBar {...sync} />
      </header>
      <SideNav current={section} />
      <main id="main" className="app-main" tabIndex={-1}>
        {current.upcoming === null
          ? <StockScreen revision={sync.status?.lastSyncAt ?? null} />
          : <UpcomingSection title={current.label} description={current.upcoming} />}
      </main>
    </div>
  );
}
