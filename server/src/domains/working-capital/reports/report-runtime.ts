import { loadServerConfigFromProcess } from '../../../config';
import type { ReportRuntime } from './report-run.service';

let processRuntime: ReportRuntime | undefined;

/** This process's reports folder and SMTP server, from the configuration its entry read (jobs get only the database from their context). */
export function processReportRuntime(): ReportRuntime {
  if (!processRuntime) {
    const { reports } = loadServerConfigFromProcess();
    processRuntime = { reportsDir: reports.dir, smtp: reports.smtp };
  }
  return processRuntime;
}
