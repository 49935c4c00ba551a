// What the bench's child processes and the parent say to each other over the IPC channel.
import type { InstalledOperator } from '../../desktop/core/session/install-operator-session';
import type { ReceiptTarget } from './sync-http';

export type CoreChildRequest =
  | { type: 'bootstrap'; serverUrl: string; dataDir: string; code: string; pageSize?: number }
  /** Queue receipts offline as `operator` (signed in on the server for the station's device), then go online. */
  | { type: 'push'; targets: ReceiptTarget[]; operator: InstalledOperator }
  | { type: 'exit' };

export type CoreChildReport =
  | { type: 'bootstrapped'; deviceId: string; createCoreMs: number; syncMs: number; totalMs: number; items: number; stockLevels: number; error: string | null }
  | { type: 'queued'; queued: number; queueMs: number }
  | { type: 'pushed'; pushMs: number; pendingCount: number; error: string | null };

export type FleetRequest =
  | { type: 'connect'; serverUrl: string; credentials: string[]; cursors: Record<string, string | null> }
  | { type: 'arm'; round: number }
  | { type: 'exit' };

export type FleetReport =
  | { type: 'connected'; streams: number; connectMs: number }
  | { type: 'armed'; round: number }
  /** Wall-clock poke arrivals (ms) and pull latencies (ms) of every device that answered the round. */
  | { type: 'round'; round: number; arrivals: number[]; pullsMs: number[]; failures: number };
