import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IntegrationError } from '../integrations/integration-error';
import { PermanentJobError } from './job';
import { deadLetterId, describeError, inputMismatch, isPermanent, jobIdForKey, tenantOf } from './job-failure';

describe('job failures', () => {
  it('treats permanent errors as permanent, and everything else as worth a retry', () => {
    expect(isPermanent(new PermanentJobError('bad row'))).toBe(true);
    expect(isPermanent(new IntegrationError('xero', 'needs_reauth', 'invalid_grant'))).toBe(true);
    expect(isPermanent(new IntegrationError('shopify', 'bad_payload', 'not JSON'))).toBe(true);
    expect(isPermanent(new IntegrationError('amazon', 'rate_limited', '429', { retryAfterMs: 2_000 }))).toBe(false);
    expect(isPermanent(new IntegrationError('unleashed', 'unavailable', '503'))).toBe(false);
    expect(isPermanent(new Error('connection reset'))).toBe(false);
    expect(isPermanent(null)).toBe(false);
    expect(isPermanent({ permanent: 'yes' })).toBe(false);
  });

  it('describes an error in one line, whatever was thrown', () => {
    expect(describeError(new Error('Xero refused the token'))).toBe('Xero refused the token');
    expect(describeError(new TypeError(''))).toBe('TypeError');
    expect(describeError('plain string')).toBe('plain string');
  });

  it('names every field at fault when input does not fit a job', () => {
    const schema = z.object({ keepDays: z.number().int(), tenantId: z.string() });
    const parsed = schema.safeParse({ keepDays: '30' });
    if (parsed.success) throw new Error('the input should not fit');
    const error = inputMismatch('compact-tombstones', parsed.error);
    expect(error).toBeInstanceOf(PermanentJobError);
    expect(error.message).toBe('input does not match the "compact-tombstones" job: keepDays: expected number, received string; tenantId: expected string, received undefined');
    const whole = z.object({}).safeParse('text');
    if (whole.success) throw new Error('the input should not fit');
    expect(inputMismatch('x', whole.error).message).toBe('input does not match the "x" job: (input): expected object, received string');
  });

  it("finds the job's tenant in its input when it has one", () => {
    expect(tenantOf({ tenantId: 'tnt_demo', n: 1 })).toBe('tnt_demo');
    expect(tenantOf({ tenantId: '' })).toBeNull();
    expect(tenantOf({ tenantId: 42 })).toBeNull();
    expect(tenantOf({ keepDays: 30 })).toBeNull();
    expect(tenantOf(null)).toBeNull();
  });

  it('gives one run one dead letter id, and different runs different ids', () => {
    expect(deadLetterId('q/1/100')).toBe(deadLetterId('q/1/100'));
    expect(deadLetterId('q/1/100')).not.toBe(deadLetterId('q/1/101'));
    expect(deadLetterId('q/1/100')).toMatch(/^dl_[0-9a-f]{26}$/);
  });

  it('turns idempotency keys into job ids BullMQ accepts, one id per key', () => {
    const keys = ['shopify-webhook:evt:1', 'shopify-webhook:evt%3A1', '42', 'import imp_1'];
    const ids = keys.map(jobIdForKey);
    for (const id of ids) {
      expect(id).not.toContain(':');
      expect(`${Number.parseInt(id, 10)}`).not.toBe(id);
    }
    expect(new Set(ids).size).toBe(keys.length);
  });
});
