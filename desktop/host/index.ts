// What the root `scripts/start.ts` needs to run the browser host next to the server in one process.
export { startHost, defaultRendererDir, type RunningHost, type StartHostOptions } from './start-host';
export { configuredEnrollment, createCore, type Core, type CoreDeps, type StationEnrollment } from '../core/create-core';
export { loadDesktopConfig, type DesktopConfig } from '../core/config/load-desktop-config';
export { createLogger } from '../core/config/create-logger';
