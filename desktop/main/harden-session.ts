import type { Session } from 'electron';
import { serveAppAsset } from './app-protocol';
import { APP_SCHEME, decidePermission, shouldBlockPageRequest } from './security-policy';

/**
 * Locks down the session the window uses: our pages come from `app://` with their CSP on every
 * response, permission prompts and checks are denied by default, and nothing but our origin may
 * load in a frame.
 */
export function hardenSession(ses: Session, rendererDir: string): void {
  ses.protocol.handle(APP_SCHEME, (request) => serveAppAsset(request.url, rendererDir));
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(decidePermission(permission, details.requestingUrl));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => decidePermission(permission, requestingOrigin));
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: shouldBlockPageRequest(details.url, details.webContentsId !== undefined) });
  });
  ses.on('will-download', (event) => event.preventDefault());
}
