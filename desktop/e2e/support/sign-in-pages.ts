// Steps a person takes on the sign-in screens, as Playwright drives them: the keyboard only.
import type { Locator, Page } from 'playwright-core';
import { authenticatorCode, type Account } from './accounts';

/** Who signs in: an account of the test, or one of the demo people (no authenticator). */
export type Person = Pick<Account, 'email' | 'password' | 'displayName' | 'totpSecret'>;

/** Waits until the element with this id has the keyboard focus (where the screen puts it). */
export async function focused(page: Page, id: string): Promise<void> {
  // A function, not a string: the host's CSP forbids evaluating strings in the page.
  await page.waitForFunction((want) => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id === want, id);
}

/** Waits until one of the people's tiles has the keyboard focus. */
export async function tileFocused(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as { document: { activeElement: { className: string } | null } }).document.activeElement?.className === 'operator-tile');
}

/** The header's "who is signed in". */
export function signedInBadge(page: Page) {
  return page.getByRole('group', { name: 'Signed in' });
}

/** Opens the email form from the people's tiles (it is the first screen when nobody signed in here). */
export async function openEmailSignIn(page: Page): Promise<void> {
  const form = page.getByRole('form', { name: 'Sign in with email' });
  const button = page.getByRole('button', { name: 'Sign in with email' });
  await form.or(button).first().waitFor();
  if (await button.isVisible()) await button.click();
  await form.waitFor();
}

/** Types email and password (and the authenticator code once asked) and presses Enter. */
export async function submitEmailSignIn(page: Page, account: Person, password = account.password): Promise<void> {
  await openEmailSignIn(page);
  await page.getByLabel('Email', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.keyboard.press('Enter');
  if (account.totpSecret && password === account.password) {
    await page.getByLabel('Authenticator code').waitFor();
    await focused(page, 'sign-in-totp');
    await page.keyboard.type(authenticatorCode(account));
    await page.keyboard.press('Enter');
  }
}

/**
 * A full online sign-in: email and password (and code), then the PIN offer answered — a PIN
 * chosen, or skipped with Esc — until the header shows the person.
 */
export async function signIn(page: Page, account: Person, pin: string | 'skip' = 'skip'): Promise<void> {
  await submitEmailSignIn(page, account);
  const offer = page.getByRole('heading', { name: 'Choose a PIN for this station' });
  const badge = signedInBadge(page).getByTestId('operator-name').getByText(account.displayName, { exact: true });
  await offer.or(badge).first().waitFor();
  if (await offer.isVisible()) {
    if (pin === 'skip') await page.keyboard.press('Escape');
    else await choosePin(page, pin);
  }
  await badge.waitFor();
  await offer.waitFor({ state: 'detached' });
}

/** Types the PIN in both fields of the PIN offer, by keyboard (after a refusal both are empty again). */
export async function choosePin(page: Page, pin: string, again = pin): Promise<void> {
  await focused(page, 'choose-pin');
  await page.keyboard.type(pin);
  await page.keyboard.press('Enter'); // moves on to the second field
  await page.keyboard.type(again);
  await page.keyboard.press('Enter');
}

/** Picks the person's tile and types the PIN on the pad, then Enter. */
export async function typePin(page: Page, displayName: string, pin: string): Promise<void> {
  const pad = page.getByRole('form', { name: `Hello, ${displayName}` });
  if (!(await pad.isVisible())) await page.getByRole('button', { name: new RegExp(`^${displayName}`) }).click();
  await focused(page, 'pin-input');
  await page.keyboard.type(pin);
  await page.keyboard.press('Enter');
}

/** Ctrl+Shift+L: the person leaves and the tiles come back. */
export async function switchPerson(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+L');
  await page.getByRole('heading', { name: 'Who is signing in?' }).waitFor();
}

/** The reason shown beside a disabled action (the element its aria-describedby names). */
export async function deniedReason(page: Page, button: Locator): Promise<string> {
  const id = await button.getAttribute('aria-describedby');
  if (!id) throw new Error('the button says no reason');
  return page.locator(`[id="${id}"]`).innerText();
}
