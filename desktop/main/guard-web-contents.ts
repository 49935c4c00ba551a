import type { WebContents } from 'electron';
import { shell } from 'electron';
import { APP_ORIGIN, externalLinkTarget, isAllowedNavigation } from './security-policy';

/** Applied to every web contents Electron creates: no navigation away, no new windows, no webviews. */
export function guardWebContents(contents: WebContents): void {
  const blockForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url, APP_ORIGIN)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => blockForeign(event, event.url));
  contents.on('will-frame-navigate', (event) => blockForeign(event, event.url));
  contents.on('will-redirect', (event) => blockForeign(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalLinkTarget(url);
    if (external !== null) void shell.openExternal(external);
    return { action: 'deny' };
  });
}
