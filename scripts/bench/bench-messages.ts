// What the bench's child processes and the parent say to each other over the IPC channel.
import type { ReceiptTarget } from './sync-http';

export type CoreChildRequest =
  | { type: 'bootstrap'; serverUrl: string; dataDir: string; code: string; pageSize?: number }
  | { type: 'push'; targets: ReceiptTarget[] }
  | { type: 'exit' };

export type CoreChildReport =
  | { type: 'bootstrapped'; createCoreMs: number; syncMs: number; totalMs: number; items: number; stockLevels: number; error: string | null }
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
