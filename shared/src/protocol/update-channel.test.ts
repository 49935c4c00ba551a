import { describe, expect, it } from 'vitest';
import { channelForVersion } from './update-channel';

describe('channelForVersion', () => {
  it('puts plain versions on stable and prereleases on their tag', () => {
    expect(channelForVersion('1.4.0')).toBe('stable');
    expect(channelForVersion('v1.4.0')).toBe('stable');
    expect(channelForVersion('1.4.0+build.7')).toBe('stable');
    expect(channelForVersion('1.4.0-beta.2')).toBe('beta');
    expect(channelForVersion('1.5.0-rc.1')).toBe('rc');
    expect(channelForVersion('2.0.0-canary')).toBe('canary');
  });

  it('refuses what is not a version or cannot name a channel', () => {
    expect(() => channelForVersion('latest')).toThrow(/not a semantic version/);
    expect(() => channelForVersion('1.4')).toThrow(/not a semantic version/);
    expect(() => channelForVersion('1.4.0-1')).toThrow(/cannot name a channel/);
    expect(() => channelForVersion('1.4.0-latest')).toThrow(/cannot name a channel/);
  });
});
