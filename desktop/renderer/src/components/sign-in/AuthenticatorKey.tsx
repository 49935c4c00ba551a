import { useState } from 'react';
import { keyBlocks } from '../../sign-in/authenticator-key';

/**
 * The new authenticator's key, for typing into a phone's authenticator app, and its otpauth://
 * link for apps (password managers) that take one. No QR code: drawing one needs a library this
 * app does not ship.
 */
export function AuthenticatorKey({ secret, otpauthUri }: { secret: string; otpauthUri: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(otpauthUri);
      setCopied('yes');
    } catch {
      // No clipboard (a kiosk browser without the permission): the link stays selectable.
      setCopied('failed');
    }
  };

  return (
    <>
      <p>In your authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…), add an account and type this key:</p>
      <p className="authenticator-key"><code data-testid="authenticator-key">{keyBlocks(secret).join(' ')}</code></p>
      <label htmlFor="authenticator-uri">Or copy this link into an app that takes otpauth:// links</label>
      <div className="authenticator-uri">
        <input id="authenticator-uri" type="text" readOnly value={otpauthUri} spellCheck={false} onFocus={(e) => e.target.select()} />
        <button type="button" className="button" onClick={() => void copy()}>Copy link</button>
      </div>
      {copied && <p className="muted" role="status">{copied === 'yes' ? 'Link copied.' : 'Copying is not allowed here: select the link and copy it.'}</p>}
    </>
  );
}
