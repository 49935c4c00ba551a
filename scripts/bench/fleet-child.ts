// 200 simulated stations in one process apart from the server: each holds a live `/events`
// stream, and on every poke pulls incrementally from its own cursor. Driven over IPC.
import type { FleetReport, FleetRequest } from './bench-messages';
import { wallMs } from './bench-stats';
import { leanPull, openLeanSseStream, type LeanSseStream } from './lean-http';

const POKE_JITTER_MS = 50;

const ROUND_TIMEOUT_MS = 10_000;

interface Station {
  credential: string;
  cursors: Record<string, string | null>;
  stream: LeanSseStream | null;
  /** The last round this station was poked in: a second poke in one round is not counted twice. */
  round: number;
}

let serverUrl = '';
let stations: Station[] = [];
let round: { number: number; arrivals: number[]; pullsMs: number[]; failures: number; pending: number; timer: NodeJS.Timeout } | null = null;

function report(message: FleetReport): void {
  process.send?.(message);
}

function finishRound(): void {
  if (!round) return;
  clearTimeout(round.timer);
  const { number, arrivals, pullsMs, failures, pending } = round;
  round = null;
  report({ type: 'round', round: number, arrivals, pullsMs, failures: failures + pending });
}

async function onPoke(station: Station, arrivedAt: number): Promise<void> {
  const current = round;
  if (!current || station.round === current.number) return;
  station.round = current.number;
  current.arrivals.push(arrivedAt);
  // Stations pause a random 0–50 ms after a poke before pulling (the desktop engine's
  // `pokeJitterMs`), so a fleet does not pull in the same millisecond; the pull is timed after it.
  await new Promise((resolve) => setTimeout(resolve, Math.random() * POKE_JITTER_MS));
  const started = performance.now();
  try {
    const page = await leanPull(serverUrl, station.credential, station.cursors);
    Object.assign(station.cursors, page.cursors);
    current.pullsMs.push(performance.now() - started);
  } catch (error) {
    current.failures += 1;
    console.error('fleet pull failed:', (error as Error).message);
  }
  current.pending -= 1;
  if (current.pending === 0 && round === current) finishRound();
}

async function connect(message: Extract<FleetRequest, { type: 'connect' }>): Promise<void> {
  serverUrl = message.serverUrl;
  const started = performance.now();
  stations = message.credentials.map((credential) => ({ credential, cursors: { ...message.cursors }, stream: null, round: -1 }));
  for (const station of stations) station.stream = openLeanSseStream(serverUrl, station.credential, (at) => void onPoke(station, at), wallMs);
  await Promise.all(stations.map((s) => s.stream!.connected));
  report({ type: 'connected', streams: stations.length, connectMs: performance.now() - started });
}

process.on('message', (message: FleetRequest) => {
  if (message.type === 'connect') {
    connect(message).catch((error: unknown) => {
      console.error('fleet could not connect:', error);
      process.exit(1);
    });
  } else if (message.type === 'arm') {
    round = { number: message.round, arrivals: [], pullsMs: [], failures: 0, pending: stations.length, timer: setTimeout(finishRound, ROUND_TIMEOUT_MS) };
    report({ type: 'armed', round: message.round });
  } else {
    for (const station of stations) station.stream?.close();
    process.disconnect();
    process.exit(0);
  }
});
