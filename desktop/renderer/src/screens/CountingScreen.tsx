import { useState } from 'react';
import { PersonPrompt } from '../components/counting/PersonPrompt';
import { useStationPerson } from '../hooks/use-station-person';
import { CountScreen } from './counting/CountScreen';
import { NewSessionScreen } from './counting/NewSessionScreen';
import { SessionDetailScreen } from './counting/SessionDetailScreen';
import { SessionListScreen } from './counting/SessionListScreen';

/**
 * The counting section: `#/counting` lists sessions, `/new` creates one, `/<id>` shows one,
 * `/<id>/count` counts it. Whoever uses the station says who they are first.
 */
export function CountingScreen({ path, revision }: { path: string[]; revision: string | null }) {
  const person = useStationPerson();
  const [changing, setChanging] = useState(false);
  const [first, second] = path;

  if (person.name === undefined) {
    return (
      <section aria-labelledby="section-heading">
        <h1 id="section-heading">Counting</h1>
        {person.error ? <p className="inline-error" role="alert">{person.error}</p> : <p className="muted">Loading…</p>}
      </section>
    );
  }
  if (person.name === null || changing) {
    return (
      <section aria-labelledby="section-heading">
        <h1 id="section-heading">Counting</h1>
        <PersonPrompt current={person.name} onCancel={person.name === null ? undefined : () => setChanging(false)} onSave={async (name) => {
          await person.save(name);
          setChanging(false);
        }} />
      </section>
    );
  }

  if (first === undefined) return <SessionListScreen revision={revision} person={person.name} onChangePerson={() => setChanging(true)} />;
  if (first === 'new') return <NewSessionScreen />;
  if (second === 'count') {
    return <CountScreen key={first} sessionId={first} revision={revision} person={person.name} onChangePerson={() => setChanging(true)} />;
  }
  return <SessionDetailScreen key={first} sessionId={first} revision={revision} />;
}
