import { useEffect, useState } from 'react';
import { useLocalClient } from '../rpc/local-client-context';

/**
 * The site this station counts and moves stock at: a station replicates its own site's
 * locations, so theirs is the site. Null until the first sync brought them; re-read on `revision`
 * until then.
 */
export function useStationSite(revision: string | null): string | null {
  const client = useLocalClient();
  const [siteId, setSiteId] = useState<string | null>(null);

  useEffect(() => {
    if (siteId !== null) return;
    let cancelled = false;
    client.commands.locations.query().then(
      (locations) => !cancelled && setSiteId(locations[0]?.siteId ?? null),
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [client, revision, siteId]);

  return siteId;
}
