import { describe, expect, it } from 'vitest';
import { githubEnvLines, signingPlan } from './release-signing';

describe('signing from the environment', () => {
  it('builds unsigned and un-notarised without secrets, and never signs with a stray keychain identity', () => {
    expect(signingPlan({ CSC_LINK: '', APPLE_ID: '  ', PATH: '/usr/bin' })).toEqual({
      env: { CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
      builderArgs: ['-c.mac.notarize=false'],
      notices: ['No signing certificate (CSC_LINK): the installers are not signed.', 'No Apple notarisation credentials: the macOS build is not notarised.'],
    });
  });

  it('signs with the certificate, names the Windows publisher electron-updater verifies, and notarises with an Apple ID', () => {
    const plan = signingPlan({
      CSC_LINK: 'base64-p12', CSC_KEY_PASSWORD: 'secret', WIN_PUBLISHER_NAME: 'CapLiquify Ltd',
      APPLE_ID: 'release@capliquify.dev', APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh', APPLE_TEAM_ID: 'TEAM123456',
    });
    expect(plan.env).toEqual({
      CSC_LINK: 'base64-p12', CSC_KEY_PASSWORD: 'secret', APPLE_ID: 'release@capliquify.dev', APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh', APPLE_TEAM_ID: 'TEAM123456',
    });
    expect(plan.builderArgs).toEqual(['-c.win.signtoolOptions.publisherName=CapLiquify Ltd']);
    expect(plan.notices).toEqual([]);
  });

  it('notarises with an App Store Connect API key instead', () => {
    const plan = signingPlan({ CSC_LINK: 'p12', APPLE_API_KEY: '/tmp/key.p8', APPLE_API_KEY_ID: 'KEY', APPLE_API_ISSUER: 'issuer' });
    expect(plan.builderArgs).toEqual([]);
    expect(plan.env).toMatchObject({ APPLE_API_KEY: '/tmp/key.p8', APPLE_API_KEY_ID: 'KEY', APPLE_API_ISSUER: 'issuer' });
  });

  it('stops on half-configured credentials rather than shipping something unexpected', () => {
    expect(() => signingPlan({ CSC_LINK: 'p12', APPLE_ID: 'a@b.c', APPLE_TEAM_ID: 'T' })).toThrow('Notarisation needs APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID together; missing APPLE_APP_SPECIFIC_PASSWORD.');
    expect(() => signingPlan({ WIN_PUBLISHER_NAME: 'CapLiquify Ltd' })).toThrow(/no certificate/);
  });

  it('writes values GitHub’s environment file reads back whole, certificates of many lines included', () => {
    expect(githubEnvLines({ CSC_LINK: 'line one\nline two', CSC_IDENTITY_AUTO_DISCOVERY: 'false' })).toBe(
      'CSC_LINK<<__CAPLIQUIFY_EOF__\nline one\nline two\n__CAPLIQUIFY_EOF__\nCSC_IDENTITY_AUTO_DISCOVERY<<__CAPLIQUIFY_EOF__\nfalse\n__CAPLIQUIFY_EOF__\n',
    );
  });
});
