import {
  approveCountSession, cancelCountSession, createCountSession, recordCountLine, requestRecount, startCountSession,
  submitCountSession, voidCountLine,
} from './counting.commands';
import { recordMovement } from './inventory.commands';

export * from './define-command';
export { recordMovement } from './inventory.commands';
export * from './counting.commands';

/** Every command the sync protocol knows, by name. An unknown name is a permanent rejection. */
export const commands = {
  [recordMovement.name]: recordMovement,
  [createCountSession.name]: createCountSession,
  [startCountSession.name]: startCountSession,
  [recordCountLine.name]: recordCountLine,
  [voidCountLine.name]: voidCountLine,
  [submitCountSession.name]: submitCountSession,
  [requestRecount.name]: requestRecount,
  [approveCountSession.name]: approveCountSession,
  [cancelCountSession.name]: cancelCountSession,
} as const;
export type CommandName = keyof typeof commands;
