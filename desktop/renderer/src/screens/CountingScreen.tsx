import { CountScreen } from './counting/CountScreen';
import { NewSessionScreen } from './counting/NewSessionScreen';
import { SessionDetailScreen } from './counting/SessionDetailScreen';
import { SessionListScreen } from './counting/SessionListScreen';

/**
 * The counting section: `#/counting` lists sessions, `/new` creates one, `/<id>` shows one,
 * `/<id>/count` counts it. The signed-in person is the counter of every scan.
 */
export function CountingScreen({ path, revision }: { path: string[]; revision: string | null }) {
  const [first, second] = path;
  if (first === undefined) return <SessionListScreen revision={revision} />;
  if (first === 'new') return <NewSessionScreen />;
  if (second === 'count') return <CountScreen key={first} sessionId={first} revision={revision} />;
  return <SessionDetailScreen key={first} sessionId={first} revision={revision} />;
}
