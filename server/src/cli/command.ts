import type { ServerConfig } from '../config';

export interface CommandArgs {
  config: ServerConfig;
  options: {
    json: boolean; size?: string; site?: string; name?: string; expiresMinutes?: string; all?: boolean; keepDays?: string;
    tenant?: string; limit?: string; out?: string; yes?: boolean;
    email?: string; role?: string; allSites?: boolean; passwordStdin?: boolean;
    dead?: boolean;
    kind?: string; mode?: string;
    channel?: string;
    version?: string; ring?: string; notes?: string; from?: string; to?: string; sites?: string;
    server?: string; expiresDays?: string;
    views?: string; formats?: string; periodDays?: string; cadence?: string; weekday?: string; hour?: string; timezone?: string; folder?: string; disabled?: boolean;
  };
  /** Standard input as text (`users create --password-stdin`); read only when asked for. */
  readStdin(): Promise<string>;
  /** Words after the command name (`devices revoke <id>` gives ['revoke', '<id>']). */
  positionals: string[];
  /** Progress for people (stderr); silent under --json. */
  progress(line: string): void;
}

export interface CommandResult {
  /** The one JSON object printed under --json. */
  json: Record<string, unknown>;
  /** What a person reads otherwise. */
  text: string;
  /** Non-zero when the command ran but found something wrong (a broken audit chain); 0 when absent. */
  exitCode?: number;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(args: CommandArgs): Promise<CommandResult>;
  /** How many words may follow the name; 0 when absent. */
  maxPositionals?: number;
}
