import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useLocalClient } from '../rpc/local-client-context';

/**
 * Shown until the station is enrolled: the one-time code from an administrator and a name for the
 * station. Keyboard first: the code field has focus, Tab reaches the name, Enter submits.
 */
export function EnrollScreen({ onEnrolled }: { onEnrolled(): Promise<void> }) {
  const client = useLocalClient();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const errorId = useId();

  useEffect(() => {
    codeRef.current?.focus();
  }, []);

  useEffect(() => {
    // Proposed once; a name the person already typed wins.
    void client.sync.enrollDefaults.query().then((defaults) => setName((typed) => typed || defaults.name), () => {});
  }, [client]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const typedCode = code.trim();
    const typedName = name.trim();
    if (typedCode.replace(/[\s-]/g, '').length < 6) {
      setError('Enter the one-time code an administrator gave you, for example ABCD-EFGH-JKLM.');
      codeRef.current?.focus();
      return;
    }
    if (typedName === '') {
      setError('Give this station a name, such as “Goods-in scanner”.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await client.sync.enroll.mutate({ code: typedCode, name: typedName });
      await onEnrolled();
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
      codeRef.current?.select();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="enroll-screen" aria-labelledby="enroll-heading">
      <h1 id="enroll-heading">Enrol this station</h1>
      <p>
        This station is not enrolled yet, so it cannot sync stock. Ask an administrator for a one-time code
        (<code>capliquify devices enroll</code>), type it below and press Enter.
      </p>
      <form className="enroll-form" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor="enroll-code">One-time code</label>
        <input
          id="enroll-code"
          ref={codeRef}
          className="enroll-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={64}
          placeholder="ABCD-EFGH-JKLM"
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
        />
        <label htmlFor="enroll-name">Station name</label>
        <input id="enroll-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} autoComplete="off" />
        <button type="submit" className="button" disabled={busy}>{busy ? 'Enrolling…' : 'Enrol station'}</button>
        {error && <p id={errorId} className="inline-error" role="alert">{error}</p>}
      </form>
    </section>
  );
}
