import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../../rpc/local-types';

interface PersonPromptProps {
  current: string | null;
  onSave(name: string): Promise<void>;
  onCancel?(): void;
}

/** "Who is counting?": asked first, kept on the station, recorded on every scan and approval. */
export function PersonPrompt({ current, onSave, onCancel }: PersonPromptProps) {
  const [name, setName] = useState(current ?? '');
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setError('Type your name, so your counts carry it.');
      inputRef.current?.focus();
      return;
    }
    try {
      await onSave(name.trim());
    } catch (cause) {
      setError(errorMessage(cause));
    }
  };

  return (
    <form className="person-prompt" aria-labelledby="person-prompt-heading" onSubmit={(e) => void submit(e)} noValidate>
      <h2 id="person-prompt-heading">Who is counting?</h2>
      <p>Your name goes on every scan, recount and approval from this station.</p>
      <label htmlFor="person-name">Your name</label>
      <input id="person-name" ref={inputRef} className="big-input" value={name} maxLength={100} autoComplete="name"
        onChange={(e) => setName(e.target.value)} aria-invalid={error !== null} />
      <div className="toolbar">
        <button type="submit" className="button button-big">Continue</button>
        {onCancel && <button type="button" className="button button-quiet button-big" onClick={onCancel}>Keep {current}</button>}
      </div>
      {error && <p className="inline-error" role="alert">{error}</p>}
    </form>
  );
}
