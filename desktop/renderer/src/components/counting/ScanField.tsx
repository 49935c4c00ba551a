import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type RefObject } from 'react';
import { createScanInput, type ScanInputLine } from '../../counting/scan-input';

interface ScanFieldProps {
  inputRef: RefObject<HTMLInputElement | null>;
  onLine(line: ScanInputLine): void;
  /** Keys the screen handles itself (undo…) before they reach the scanner's decoder; true: handled. */
  onShortcut(event: KeyboardEvent | ReactKeyboardEvent, typing: boolean): boolean;
}

const EDITABLE = 'input, textarea, select, [contenteditable="true"]';

/**
 * The scan field: every key goes through the keyboard-wedge decoder (a scanner's keys are read
 * from their physical position), and what a person types shows in it. Keys pressed while a button
 * or the page has focus come here too, and focus returns here, so the keyboard alone is enough.
 * Only this small component re-renders per key.
 */
export function ScanField({ inputRef, onLine, onShortcut }: ScanFieldProps) {
  const scanInput = useRef(createScanInput());
  const [typed, setTyped] = useState('');
  const handlers = useRef({ onLine, onShortcut });
  handlers.current = { onLine, onShortcut };

  /** One keydown; true when it was ours (the caller then prevents its default). */
  const handleKey = (e: KeyboardEvent | ReactKeyboardEvent): boolean => {
    const hadText = scanInput.current.text() !== '';
    if (handlers.current.onShortcut(e, hadText)) return true;
    const line = scanInput.current.key({ code: e.code, key: e.key, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, altKey: e.altKey, timeStamp: e.timeStamp });
    setTyped(scanInput.current.text());
    if (line) handlers.current.onLine(line);
    return line !== null || [...e.key].length === 1 || (hadText && (e.code === 'Backspace' || e.code === 'Escape'));
  };
  const handleKeyRef = useRef(handleKey);
  handleKeyRef.current = handleKey;

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.defaultPrevented || target?.closest(EDITABLE) || target?.closest('dialog')) return;
      if (handleKeyRef.current(e)) {
        e.preventDefault();
        inputRef.current?.focus({ preventScroll: true });
      }
    };
    // A half-typed line is dropped when the window loses focus (another app took the keyboard).
    const onBlur = () => {
      scanInput.current.reset();
      setTyped('');
    };
    document.addEventListener('keydown', onKeyDown);
    window.addEventListener('blur', onBlur);
    inputRef.current?.focus({ preventScroll: true });
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('blur', onBlur);
    };
  }, [inputRef]);

  return (
    <>
      <label htmlFor="scan-field" className="scan-label">Scan, or type a quantity then scan</label>
      <input id="scan-field" ref={inputRef} className="scan-field" value={typed} onChange={() => {}}
        autoComplete="off" spellCheck={false} inputMode="none" aria-describedby="scan-help"
        onKeyDown={(e) => {
          if (handleKey(e)) e.preventDefault();
        }}
        onPaste={(e) => {
          e.preventDefault();
          const text = e.clipboardData.getData('text').trim();
          if (text) handlers.current.onLine({ kind: 'typed', text });
        }}
        onBlur={() => setTimeout(() => {
          if (document.activeElement === document.body || document.activeElement === null) inputRef.current?.focus({ preventScroll: true });
        }, 0)} />
      <p id="scan-help" className="muted">
        Each scan counts one. Type a number first (then Enter or a scan) to count more. Undo: F4 or Ctrl+Z. Esc clears.
      </p>
    </>
  );
}
