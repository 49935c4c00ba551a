import { describe, expect, it } from 'vitest';
import type { UpdateView } from '../../../core/updates/update-view';
import { updateBannerText } from './update-banner-text';

const at = (iso: string) => `at(${iso})`;
const text = (view: UpdateView) => updateBannerText(view, at);

describe('the update banner', () => {
  it('shows nothing in the browser host, when up to date, or for a background failure nobody here can fix', () => {
    expect(text({ state: 'not_applicable' })).toBeNull();
    expect(text({ state: 'up_to_date', required: false, checkedAt: null })).toBeNull();
    expect(text({ state: 'checking', required: false })).toBeNull();
    expect(text({ state: 'failed', required: false, message: 'net::ERR_CONNECTION_REFUSED', retryAt: null })).toBeNull();
  });

  it('shows the download with its progress, and says nothing is lost meanwhile', () => {
    expect(text({ state: 'downloading', required: false, version: '1.5.0', percent: 42 })).toEqual({
      tone: 'info', title: 'Downloading version 1.5.0 (42%)', detail: 'It installs when this station is idle; nothing you do meanwhile is lost.', canRestart: false,
    });
  });

  it('says what a ready update waits for, offers "Restart now" until pressed', () => {
    const counting = text({ state: 'ready', required: false, version: '1.5.0', waitingFor: 'count_in_progress', personAsked: false });
    expect(counting).toMatchObject({ title: 'Version 1.5.0 is ready to install', canRestart: true });
    expect(counting?.detail).toMatch(/no count is in progress/);
    const asked = text({ state: 'ready', required: false, version: '1.5.0', waitingFor: 'outbox_flushing', personAsked: true });
    expect(asked).toMatchObject({ canRestart: false, detail: 'Restarting as soon as possible. It installs once your unsent work has reached the server.' });
    expect(text({ state: 'installing', required: false, version: '1.5.0' })?.title).toBe('Restarting to install version 1.5.0…');
  });

  it('warns while a required update keeps syncing stopped, whatever stage it is at', () => {
    const views: UpdateView[] = [
      { state: 'up_to_date', required: true, checkedAt: '2025-06-02T09:00:00.000Z' },
      { state: 'checking', required: true },
      { state: 'downloading', required: true, version: '2.0.0', percent: 5 },
      { state: 'ready', required: true, version: '2.0.0', waitingFor: 'count_in_progress', personAsked: false },
      { state: 'failed', required: true, message: 'The feed answered 503.', retryAt: '2025-06-02T09:15:00.000Z' },
    ];
    for (const view of views) expect(text(view)?.tone, view.state).toBe('warning');
    expect(text(views[4]!)?.detail).toBe('The feed answered 503. Trying again at at(2025-06-02T09:15:00.000Z). Syncing has stopped until this app is updated; your unsent work is kept and sent afterwards.');
    expect(text(views[0]!)?.detail).toMatch(/unsent work is kept/);
  });
});
