import { describe, expect, it } from 'vitest';
import { passedSecondFactorRecently, roleForClerkOrgRole } from './clerk-grants';

describe('roleForClerkOrgRole', () => {
  it.each([
    ['org:admin', 'admin'], ['admin', 'admin'],
    ['org:manager', 'manager'], ['manager', 'manager'],
    ['org:member', 'operator'], ['member', 'operator'], ['operator', 'operator'],
    ['viewer', 'viewer'], ['org:viewer', 'viewer'],
  ] as const)('maps %s to %s', (clerkRole, role) => {
    expect(roleForClerkOrgRole(clerkRole)).toBe(role);
  });

  it.each([null, '', 'org:billing', 'owner', 'toString', '__proto__', 'org:'])('grants nothing for %s', (clerkRole) => {
    expect(roleForClerkOrgRole(clerkRole)).toBeNull();
  });
});

describe('passedSecondFactorRecently', () => {
  it.each([
    [null, false], [0, true], [3, true], [60, true], [61, false], [-1, false],
  ] as const)('second factor %s minutes ago → %s', (age, mfa) => {
    expect(passedSecondFactorRecently(age)).toBe(mfa);
  });
});
