import type { BrowserWindowConstructorOptions } from 'electron';
import { VERSION_ARGUMENT } from './ipc-channels';

export interface WindowOptionsInput {
  preloadPath: string;
  appVersion: string;
  iconPath?: string;
}

/**
 * The main window's options. Every webPreference of Electron's security checklist is spelled out,
 * so a changed Electron default cannot silently loosen the sandbox.
 */
export function mainWindowOptions({ preloadPath, appVersion, iconPath }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'CapLiquify',
    backgroundColor: '#0f172a',
    // Shown on `ready-to-show`, so a station never flashes an empty white window.
    show: false,
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      additionalArguments: [`${VERSION_ARGUMENT}${appVersion}`],
    },
  };
}
