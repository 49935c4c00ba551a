import { recordMovement } from './inventory.commands';

export * from './define-command';
export { recordMovement } from './inventory.commands';

/** Every command the sync protocol knows, by name. An unknown name is a permanent rejection. */
export const commands = {
  [recordMovement.name]: recordMovement,
} as const;
export type CommandName = keyof typeof commands;
