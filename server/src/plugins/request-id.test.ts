import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestIdFor } from './request-id.plugin';

const req = (value?: string | string[]) => ({ headers: value === undefined ? {} : { 'x-request-id': value } }) as unknown as IncomingMessage;
const UUID = /^[0-9a-f-]{36}$/;

describe('requestIdFor', () => {
  it('keeps a plain caller id', () => {
    expect(requestIdFor(req('desk-7:abc.1_2'))).toBe('desk-7:abc.1_2');
    expect(requestIdFor(req(['first', 'second']))).toBe('first');
  });

  it.each([undefined, '', 'has space', 'new\nline', 'x'.repeat(129), '<script>'])('replaces %j with a UUID', (value) => {
    expect(requestIdFor(req(value))).toMatch(UUID);
  });

  it('gives every request without an id a different one', () => {
    expect(requestIdFor(req())).not.toBe(requestIdFor(req()));
  });
});
