import type { z } from 'zod';
import type { PersonCalls } from '../sync-engine/sync-transport';
import { adminCallError } from './admin-error';

export interface PersonCallDeps {
  server: PersonCalls;
  /** A fresh access token for the person at the station (OperatorSession.accessToken). */
  accessToken(): Promise<string>;
}

export type PersonCall = <S extends z.ZodType>(path: string, type: 'query' | 'mutation', input: unknown, schema: S) => Promise<z.infer<S>>;

/**
 * A server procedure called as the person at the station, with their own access token: the
 * server checks their rights on every call, a refusal comes back as an AdminError whose sentence
 * the screen shows, and the answer is parsed with the screen's own schema.
 */
export function personCall({ server, accessToken }: PersonCallDeps): PersonCall {
  return async (path, type, input, schema) => {
    let answer: unknown;
    try {
      answer = await server.callAsPerson({ path, type }, input, await accessToken());
    } catch (error) {
      throw adminCallError(error);
    }
    return schema.parse(answer);
  };
}
