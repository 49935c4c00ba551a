import { describe, expect, it } from 'vitest';
import { rawQueryString, signUnleashedQuery, unleashedSignatureMatches } from './unleashed-signature';

// Expected values computed apart from this code: printf '<query>' | openssl dgst -sha256 -hmac 'test-key' -binary | base64
describe('Unleashed request signature', () => {
  it('is base64 HMAC-SHA256 of the query string as sent, percent-encoding included', () => {
    expect(signUnleashedQuery('pageSize=200&modifiedSince=2026-01-05T08%3A00%3A00.000', 'test-key')).toBe('pAr7b77UZZBa7RKPd0F0HTEPeir38HrJiup1DQAUL9A=');
  });

  it('signs the empty string when there is no query', () => {
    expect(signUnleashedQuery('', 'test-key')).toBe('JxHMI+mrG4qbwP6ZEjjakmcWJKnr2vHBq+wG5+mhT5s=');
  });

  it('refuses a signature made with another key, over another query, or of another length', () => {
    const query = 'pageSize=2';
    const good = signUnleashedQuery(query, 'test-key');
    expect(unleashedSignatureMatches(query, 'test-key', good)).toBe(true);
    expect(unleashedSignatureMatches(query, 'other-key', good)).toBe(false);
    expect(unleashedSignatureMatches('pageSize=3', 'test-key', good)).toBe(false);
    expect(unleashedSignatureMatches(query, 'test-key', good.slice(1))).toBe(false);
  });

  it('takes the query string from a request target without the path or the question mark', () => {
    expect(rawQueryString('/Products/2?pageSize=2&modifiedSince=2026-01-01T00%3A00%3A00')).toBe('pageSize=2&modifiedSince=2026-01-01T00%3A00%3A00');
    expect(rawQueryString('/Products/1')).toBe('');
    expect(rawQueryString('/Products/1?')).toBe('');
  });
});
