import type { WebContents } from 'electron';
import { APP_ORIGIN, externalLinkTarget, isAllowedNavigation } from './security-policy';

/** The part of a WebContents the guard hooks (a plain object in the unit test). */
export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Applied to every web contents Electron creates: no navigation away, no new windows, no webviews.
 * `openExternal` is `shell.openExternal`, handed in so this file needs no Electron at run time.
 */
export function guardWebContents(contents: GuardedContents, openExternal: (url: string) => Promise<void>): void {
  const blockForeign = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url, APP_ORIGIN)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => blockForeign(event, event.url));
  contents.on('will-frame-navigate', (event) => blockForeign(event, event.url));
  contents.on('will-redirect', (event) => blockForeign(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalLinkTarget(url);
    if (external !== null) void openExternal(external);
    return { action: 'deny' };
  });
}
