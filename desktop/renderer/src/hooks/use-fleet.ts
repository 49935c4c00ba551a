import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocalClient } from '../rpc/local-client-context';
import { errorMessage, type LocalInputs, type LocalOutputs } from '../rpc/local-types';

export type FleetOverview = LocalOutputs['fleet']['overview'];
export type FleetDevice = LocalOutputs['fleet']['devices'][number];
export type FleetRelease = LocalOutputs['fleet']['releases'][number];
export type FleetBundle = LocalOutputs['fleet']['diagnostics'][number];
export type FleetChannel = LocalOutputs['fleet']['channels'][number];
export type DeviceFilter = NonNullable<LocalInputs['fleet']['devices']['status']>;

export interface FleetData {
  overview: FleetOverview;
  releases: FleetRelease[];
  devices: FleetDevice[];
  diagnostics: FleetBundle[];
  channels: FleetChannel[];
}

/** While the screen is open it follows the fleet: devices report with every sync, bundles arrive with theirs. */
const REFRESH_MS = 15_000;

/** Everything the Fleet screen shows, read from the server through the core, with a reload after each action. */
export function useFleet(filter: { status: DeviceFilter; search: string }): { data: FleetData | null; error: string | null; reload(): Promise<void> } {
  const client = useLocalClient();
  const [data, setData] = useState<FleetData | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Answers arriving out of order (a slow reload overtaken by a newer one) must not go back in time.
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const [overview, releases, devices, diagnostics, channels] = await Promise.all([
        client.fleet.overview.query(), client.fleet.releases.query(),
        client.fleet.devices.query({ status: filter.status, ...(filter.search ? { search: filter.search } : {}) }),
        client.fleet.diagnostics.query(), client.fleet.channels.query(),
      ]);
      if (ticket !== latest.current) return;
      setData({ overview, releases, devices, diagnostics, channels });
      setError(null);
    } catch (cause) {
      if (ticket === latest.current) setError(errorMessage(cause));
    }
  }, [client, filter.status, filter.search]);
  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return { data, error, reload };
}
