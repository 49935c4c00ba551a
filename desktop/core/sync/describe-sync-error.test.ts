import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { describeSyncError } from './describe-sync-error';
import { UpdateRequiredError } from './snapshot.service';

const url = 'http://10.0.0.5:4000';

describe('describeSyncError', () => {
  it('tells an update-required answer from the server apart and does not retry it', () => {
    const error = TRPCClientError.from({ error: { message: 'protocol version 1 is not supported', code: -32012, data: { code: 'UPDATE_REQUIRED' } } });
    expect(describeSyncError(error, url)).toEqual({ message: 'This app is too old for the server: protocol version 1 is not supported', unreachable: false, retryable: false });
    expect(describeSyncError(new UpdateRequiredError('Update the app.'), url).retryable).toBe(false);
  });

  it('retries other refusals, which may clear up', () => {
    const error = TRPCClientError.from({ error: { message: 'Internal error', code: -32603, data: { code: 'INTERNAL' } } });
    expect(describeSyncError(error, url)).toMatchObject({ unreachable: false, retryable: true });
  });
});
