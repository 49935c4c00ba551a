import { describe, expect, it } from 'vitest';
import { countAuthAttempts } from './auth-attempts';

describe('countAuthAttempts', () => {
  it('counts each sign-in or refresh call of a batch', () => {
    expect(countAuthAttempts('auth.signIn')).toBe(1);
    expect(countAuthAttempts('auth.refresh')).toBe(1);
    expect(countAuthAttempts(Array(50).fill('auth.signIn').join(','))).toBe(50);
    expect(countAuthAttempts('system.info,auth.signIn,sync.pull,auth.refresh')).toBe(2);
  });

  it('ignores every other procedure, including look-alikes', () => {
    expect(countAuthAttempts('system.info')).toBe(0);
    expect(countAuthAttempts('auth.signOut,auth.signInX,xauth.signIn,auth.signin')).toBe(0);
    expect(countAuthAttempts('')).toBe(0);
  });
});
