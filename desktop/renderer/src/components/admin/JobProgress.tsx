import type { JobProgressView } from '../../hooks/use-job-events';

/** One job's progress: a bar and the job's own note ("row 4,000 of 10,000"). */
export function JobProgress({ job }: { job: JobProgressView }) {
  const percent = Math.round(job.fraction * 100);
  return (
    <div className="job-progress">
      <label>
        <span>{job.job} <span className="muted mono">{job.jobId}</span></span>
        <progress max={100} value={percent} aria-valuetext={`${percent}%`}>{percent}%</progress>
      </label>
      <span className="muted">{percent}%{job.note ? ` · ${job.note}` : ''}</span>
    </div>
  );
}

/** Jobs still running, as the live stream reports them. */
export function RunningJobs({ jobs }: { jobs: Map<string, JobProgressView> }) {
  const running = [...jobs.values()].filter((j) => j.fraction < 1);
  return (
    <section aria-labelledby="running-jobs">
      <h2 id="running-jobs">Running jobs</h2>
      {running.length === 0
        ? <p className="muted">No job is running. Imports and syncs show their progress here as they run.</p>
        : <ul className="plain-list">{running.map((j) => <li key={j.jobId}><JobProgress job={j} /></li>)}</ul>}
    </section>
  );
}
