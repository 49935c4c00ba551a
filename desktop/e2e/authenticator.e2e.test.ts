import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totpAt } from '../../server/src/auth/totp';
import { createAccount, type Account } from './support/accounts';
import { sessionStatus, syncNow } from './support/counting-pages';
import { deniedReason, focused, signIn, signedInBadge } from './support/sign-in-pages';
import { startSignInWorld, type SignInWorld } from './support/sign-in-world';

// A manager enrols an authenticator from the station's header, in Chromium against the real
// server: without one she runs a count but cannot approve it; she types the key into her app
// (here: computes its code), a wrong code and a dropped network are said plainly, and once the
// code is accepted she signs in again with it and the approval is hers to give.

const SESSION = 'Aisle check';
const SECOND_FACTOR_DENIAL = 'This needs a sign-in with your second factor (authenticator code).';

let world: SignInWorld;
let mona: Account;

beforeAll(async () => {
  world = await startSignInWorld();
  mona = await createAccount(world.server, { displayName: 'Mona Manager', role: 'manager' });
});

afterAll(async () => {
  await world?.close();
});

const setUpButton = () => signedInBadge(world.page).getByRole('button', { name: 'Set up authenticator' });
const codeNow = (key: string) => totpAt(base32Decode(key), Date.now() / 1000);
/** A code the app does not show now (nor one step either side). */
const wrongCode = (key: string) => {
  const now = Date.now() / 1000;
  const near = new Set([-30, 0, 30].map((s) => totpAt(base32Decode(key), now + s)));
  return ['000000', '111111', '222222', '333333'].find((code) => !near.has(code))!;
};

async function approveButton() {
  const { page } = world;
  await page.getByRole('link', { name: 'Counting' }).click();
  await page.getByRole('link', { name: SESSION, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(`^${SESSION}`) }).waitFor();
  return page.getByRole('button', { name: 'Approve…' });
}

describe('setting up an authenticator from the station', () => {
  it('lets a manager without one run a count but not approve it, and offers the set-up only online', async () => {
    const { page, network } = world;
    await signIn(page, mona);
    await setUpButton().waitFor();
    expect(await signedInBadge(page).innerText()).not.toContain('with authenticator');

    await page.getByRole('link', { name: 'Counting' }).click();
    await page.getByRole('button', { name: 'New session' }).click();
    const form = page.getByRole('form', { name: 'New count session' });
    await form.getByLabel('Name', { exact: true }).fill(SESSION);
    await form.getByRole('checkbox', { name: /^A-01 / }).check();
    await form.getByRole('button', { name: 'Create session' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${SESSION}`) }).waitFor();
    await page.getByRole('button', { name: 'Start counting' }).click();
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await expect.poll(() => sessionStatus(page)).toBe('submitted');
    await syncNow(page);
    const approve = page.getByRole('button', { name: 'Approve…' });
    expect(await approve.isDisabled()).toBe(true);
    expect(await deniedReason(page, approve)).toBe(SECOND_FACTOR_DENIAL);

    network.setMode('offline');
    network.dropConnections();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByTestId('sync-connection').getByText('Offline').waitFor();
    await setUpButton().waitFor({ state: 'detached' });
    network.setMode('online');
    await syncNow(page);
    await setUpButton().waitFor();
  });

  it('shows the key in blocks of four, refuses a wrong code, says when the network is gone, and confirms the right one', async () => {
    const { page, network } = world;
    await setUpButton().focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Set up an authenticator' });
    const shown = await dialog.getByTestId('authenticator-key').innerText();
    expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/);
    const key = shown.replace(/ /g, '');
    expect(await dialog.getByLabel('Or copy this link into an app that takes otpauth:// links').inputValue())
      .toBe(`otpauth://totp/CapLiquify:${encodeURIComponent(mona.email)}?secret=${key}&issuer=CapLiquify&algorithm=SHA1&digits=6&period=30`);

    await focused(page, 'authenticator-code');
    await page.keyboard.type(wrongCode(key));
    await page.keyboard.press('Enter');
    await dialog.getByRole('alert').getByText('That code is not right; enter the current code your authenticator app shows.').waitFor();
    await focused(page, 'authenticator-code');

    network.setMode('offline');
    network.dropConnections();
    await page.keyboard.type(codeNow(key));
    await page.keyboard.press('Enter');
    await dialog.getByRole('alert').getByText(/^You are offline: setting up an authenticator needs the server\./).waitFor();
    network.setMode('online');

    await page.keyboard.type(codeNow(key));
    await page.keyboard.press('Enter');
    await dialog.getByText('The authenticator is set up for Mona Manager.', { exact: false }).waitFor();
    // Still the sign-in made without it: approving waits for the next one.
    expect(await deniedReason(page, page.getByRole('button', { name: 'Approve…' }))).toBe(SECOND_FACTOR_DENIAL);
    mona.totpSecret = key;
  });

  it('signs her out to the email form with her email and the code field, and her new sign-in may approve', async () => {
    const { page } = world;
    // Focus is on "Sign in again": Enter takes it.
    await page.waitForFunction(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent === 'Sign in again');
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'Sign in with email' }).waitFor();
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe(mona.email);
    await focused(page, 'sign-in-password');
    await page.keyboard.type(mona.password);
    await page.keyboard.press('Tab');
    await focused(page, 'sign-in-totp');
    await page.keyboard.type(codeNow(mona.totpSecret!));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Choose a PIN for this station' }).waitFor();
    await page.keyboard.press('Escape');

    const badge = signedInBadge(page);
    await badge.getByText('with authenticator').waitFor();
    expect(await setUpButton().count()).toBe(0);
    const approve = await approveButton();
    expect(await approve.isEnabled()).toBe(true);
    expect(await approve.getAttribute('aria-describedby')).toBeNull();
    const signIns = await world.server.db().selectFrom('sign_ins').select('mfa').where('user_id', '=', mona.userId).orderBy('created_at').execute();
    expect(signIns).toEqual([{ mfa: false }, { mfa: true }]);
  });
});
