/**
 * What the core tells Electron main about this station, to decide when to check for an update and
 * whether now is a safe point to install one. Plain data: it crosses the utility process boundary.
 */
export interface StationFacts {
  /** Someone at this station recorded a count line lately in a session still being counted. */
  countInProgress: boolean;
  /** Commands in the outbox (queued here, not yet confirmed by a pull). */
  outboxDepth: number;
  /** When the oldest of them was made (ISO), null when the outbox is empty. */
  oldestPendingAt: string | null;
  /** The sync engine reaches the server (its last attempt did not fail for the network). */
  online: boolean;
  /** A local write or a pull page apply is running (or did not end within the quiesce's wait). */
  writing: boolean;
  /** The WAL was checkpointed after the last write: only ever true in the answer to a quiesce. */
  persisted: boolean;
  /** The server refuses this app's version: syncing stays stopped until an update installs. */
  appUpdateRequired: boolean;
  /** Sent with update checks so the server decides which release this device sees; null before enrolment. */
  deviceCredential: string | null;
}
