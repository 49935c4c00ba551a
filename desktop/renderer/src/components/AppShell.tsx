import { useHashRoute } from '../hooks/use-hash-route';
import { OperatorSessionContext, useOperatorSession } from '../hooks/use-operator-session';
import { useStationSite } from '../hooks/use-station-site';
import { SyncEngineContext, useSyncEngine } from '../hooks/use-sync-engine';
import { SECTIONS } from '../sections';
import { lazy, Suspense } from 'react';
import { CountingScreen } from '../screens/CountingScreen';
import { StockScreen } from '../screens/StockScreen';
import { EnrollScreen } from './EnrollScreen';
import { SideNav } from './SideNav';
import { ChoosePinScreen } from './sign-in/ChoosePinScreen';
import { OperatorBadge } from './sign-in/OperatorBadge';
import { SignInScreen } from './sign-in/SignInScreen';
import { SyncPanel } from './SyncPanel';
import { SyncStatusBar } from './SyncStatusBar';
import { UpcomingSection } from './UpcomingSection';
import { UpdateBanner } from './UpdateBanner';

// The plant floor's screens load with the app; the office's (finance, forecasts, admin) load on
// first use from the app's own files, so a counting station starts on a smaller bundle.
const AdminScreen = lazy(() => import('../screens/AdminScreen').then((m) => ({ default: m.AdminScreen })));
const FinanceScreen = lazy(() => import('../screens/FinanceScreen').then((m) => ({ default: m.FinanceScreen })));
const ForecastsScreen = lazy(() => import('../screens/ForecastsScreen').then((m) => ({ default: m.ForecastsScreen })));

export function AppShell() {
  const { section, path } = useHashRoute();
  const engine = useSyncEngine();
  const { status } = engine;
  // Local writes change on-hand too: re-read the list when a sync lands or the outbox moves.
  const revision = status ? `${status.lastSyncAt}#${status.pendingCount}#${status.confirmedMutationId}#${status.unseenRejections}` : null;
  const enrolled = status?.enrolled === true;
  const session = useOperatorSession(enrolled);
  const stationSiteId = useStationSite(enrolled ? revision : null);
  const { operator } = session;
  const current = SECTIONS.find((s) => s.id === section) ?? SECTIONS[1];

  const screen = () => {
    if (current.upcoming !== null) return <UpcomingSection title={current.label} description={current.upcoming} />;
    if (current.id === 'counting') return <CountingScreen path={path} revision={revision} />;
    if (current.id === 'admin') return <AdminScreen />;
    if (current.id === 'forecasts') return <ForecastsScreen revision={revision} />;
    if (current.id === 'finance') return <FinanceScreen path={path} revision={revision} />;
    return <StockScreen revision={revision} />;
  };

  // Enrolment first, then someone signs in (and may choose a PIN), then the sections.
  const main = () => {
    if (!status) return null;
    if (!status.enrolled) return <EnrollScreen onEnrolled={engine.refresh} />;
    if (session.current === undefined) {
      return session.error ? <p className="inline-error" role="alert">{session.error}</p> : <p className="muted">Loading…</p>;
    }
    if (!operator) return <SignInScreen offline={engine.unreachable || status.connection === 'offline'} />;
    if (session.pinOffer) return <ChoosePinScreen operator={operator} onDone={() => void session.refresh().then(session.endPinOffer)} />;
    return (
      <>
        <SyncPanel state={engine} />
        <Suspense fallback={<p className="muted">Loading…</p>}>{screen()}</Suspense>
      </>
    );
  };

  return (
    <SyncEngineContext value={engine}>
      <OperatorSessionContext value={{ ...session, stationSiteId }}>
        <div className="app-shell">
          <a className="skip-link" href="#main">Skip to content</a>
          <header className="app-header">
            <span className="brand">CapLiquify</span>
            <SyncStatusBar {...engine} />
            {operator && <OperatorBadge operator={operator} stationSiteId={stationSiteId} onSwitch={() => void session.signOut()} />}
          </header>
          <SideNav current={section} />
          <main id="main" className="app-main" tabIndex={-1}><UpdateBanner />{main()}</main>
        </div>
      </OperatorSessionContext>
    </SyncEngineContext>
  );
}
