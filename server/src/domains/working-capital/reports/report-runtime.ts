import type { ServerConfig } from '../../../config';
import type { ReportRuntime } from './report-run.service';

/** The reports folder and SMTP server from the configuration the process's entry read, or null without one. */
export function reportRuntimeOf(config: Partial<Pick<ServerConfig, 'reports'>> | undefined): ReportRuntime | null {
  return config?.reports ? { reportsDir: config.reports.dir, smtp: config.reports.smtp } : null;
}
