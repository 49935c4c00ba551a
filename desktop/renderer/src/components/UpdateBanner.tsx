import { formatTime } from '../format';
import { useUpdateView } from '../hooks/use-update-view';
import { updateBannerText, type UpdateBannerText } from '../updates/update-banner-text';

/** The app's update, as the person at the station needs to know it; nothing in the browser host. */
export function UpdateBanner() {
  const { view, installNow } = useUpdateView();
  const text = view === null ? null : updateBannerText(view, formatTime);
  return text === null ? null : <UpdateBannerView text={text} onRestart={() => void installNow()} />;
}

export function UpdateBannerView({ text, onRestart }: { text: UpdateBannerText; onRestart(): void }) {
  return (
    <div className={`banner ${text.tone === 'warning' ? 'banner-warning' : 'banner-pending'}`} role="status" data-testid="update-banner">
      <strong>{text.title}</strong>
      {text.detail && <> {text.detail}</>}
      {text.canRestart && <> <button type="button" className="button" onClick={onRestart}>Restart now</button></>}
    </div>
  );
}
