import { useEffect, useState } from 'react';
import type { LocalOutputs } from '../rpc/local-types';
import { useLocalClient } from '../rpc/local-client-context';

export type JobProgressView = LocalOutputs['admin']['jobEvents']['jobs'][number];

const POLL_MS = 1_000;

/** Every job's latest progress the live stream reported, polled from the core while mounted. */
export function useJobEvents(): Map<string, JobProgressView> {
  const client = useLocalClient();
  const [jobs, setJobs] = useState(() => new Map<string, JobProgressView>());
  useEffect(() => {
    let since = 0;
    let alive = true;
    const poll = async () => {
      const answer = await client.admin.jobEvents.query({ since }).catch(() => null);
      if (!alive || !answer) return;
      since = answer.seq;
      if (answer.jobs.length > 0) {
        setJobs((before) => {
          const next = new Map(before);
          for (const job of answer.jobs) next.set(job.jobId, job);
          return next;
        });
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [client]);
  return jobs;
}
