import { useState, type FormEvent, type MouseEvent } from 'react';
import { useLocalClient } from '../../rpc/local-client-context';
import { errorMessage } from '../../rpc/local-types';

type Vendor = 'shopify' | 'amazon' | 'unleashed';

const FORM_LABELS: Record<Vendor, string> = { shopify: 'Connect Shopify', amazon: 'Connect Amazon', unleashed: 'Connect Unleashed' };

/**
 * Connecting a vendor account: a Shopify store by installing the app on it (Shopify's own page) or
 * by a custom app's Admin API access token, Amazon and Unleashed by their keys, Xero through its
 * own sign-in page.
 */
export function ConnectForms({ onConnected }: { onConnected(): void }) {
  const client = useLocalClient();
  const [open, setOpen] = useState<Vendor | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      setError(null);
      setOpen(null);
      onConnected();
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const text = (name: string) => String(f.get(name) ?? '').trim();
    void run(() => {
      if (open === 'shopify') return client.admin.connectShopify.mutate({ shopDomain: text('shopDomain'), accessToken: text('accessToken') });
      if (open === 'amazon') {
        return client.admin.connectAmazon.mutate({
          name: text('name'), region: text('region') as 'na' | 'eu' | 'fe', refreshToken: text('refreshToken'),
          marketplaceIds: text('marketplaceIds').split(/[\s,]+/).filter(Boolean),
        });
      }
      return client.admin.connectUnleashed.mutate({ name: text('name'), apiId: text('apiId'), apiKey: text('apiKey') });
    });
  };
  const connectXero = () => void run(async () => {
    const { url } = await client.admin.xeroAuthorizeUrl.mutate();
    // Xero's consent page runs in the system browser; the server finishes the connection on its callback.
    window.open(url, '_blank', 'noopener');
  });
  const installShopify = (event: MouseEvent<HTMLButtonElement>) => {
    const shop = event.currentTarget.form?.elements.namedItem('shopDomain');
    if (!(shop instanceof HTMLInputElement) || !shop.reportValidity()) return;
    void run(async () => {
      const { url } = await client.admin.shopifyInstallUrl.mutate({ shopDomain: shop.value.trim() });
      // The store's install page runs in the system browser, like Xero's consent; the server finishes on its callback.
      window.open(url, '_blank', 'noopener');
    });
  };

  return (
    <section aria-labelledby="connect-heading" className="connect-forms">
      <h2 id="connect-heading">Connect an account</h2>
      <div className="toolbar">
        <button type="button" className="button" aria-expanded={open === 'shopify'} onClick={() => setOpen(open === 'shopify' ? null : 'shopify')}>Connect Shopify</button>
        <button type="button" className="button" aria-expanded={open === 'amazon'} onClick={() => setOpen(open === 'amazon' ? null : 'amazon')}>Connect Amazon</button>
        <button type="button" className="button" aria-expanded={open === 'unleashed'} onClick={() => setOpen(open === 'unleashed' ? null : 'unleashed')}>Connect Unleashed</button>
        <button type="button" className="button" disabled={busy} onClick={connectXero}>Connect Xero</button>
      </div>
      {error && <p className="inline-error" role="alert">{error}</p>}
      {open && (
        <form className="enroll-form" onSubmit={submit} aria-label={FORM_LABELS[open]}>
          {open === 'shopify' ? (
            <>
              <label htmlFor="connect-shop">Store domain</label>
              <input id="connect-shop" name="shopDomain" required autoFocus placeholder="acme.myshopify.com" pattern="[A-Za-z0-9][A-Za-z0-9\-]*\.myshopify\.com" />
              <button type="button" className="button" disabled={busy} onClick={installShopify}>Install with Shopify</button>
              <label htmlFor="connect-shop-token">Admin API access token (from the store's custom app)</label>
              <input id="connect-shop-token" name="accessToken" type="password" required autoComplete="off" />
            </>
          ) : (
            <>
              <label htmlFor="connect-name">Name</label>
              <input id="connect-name" name="name" required autoFocus placeholder={open === 'amazon' ? 'Amazon EU' : 'Unleashed'} />
            </>
          )}
          {open === 'shopify' ? null : open === 'amazon' ? (
            <>
              <label htmlFor="connect-region">Region</label>
              <select id="connect-region" name="region" defaultValue="eu">
                <option value="na">North America</option><option value="eu">Europe</option><option value="fe">Far East</option>
              </select>
              <label htmlFor="connect-token">Seller refresh token</label>
              <input id="connect-token" name="refreshToken" required autoComplete="off" />
              <label htmlFor="connect-marketplaces">Marketplace ids (comma-separated)</label>
              <input id="connect-marketplaces" name="marketplaceIds" required placeholder="A1F83G8C2ARO7P" />
            </>
          ) : (
            <>
              <label htmlFor="connect-api-id">API id</label>
              <input id="connect-api-id" name="apiId" required autoComplete="off" />
              <label htmlFor="connect-api-key">API key</label>
              <input id="connect-api-key" name="apiKey" type="password" required autoComplete="off" />
            </>
          )}
          <button type="submit" className="button" disabled={busy}>Connect</button>
        </form>
      )}
    </section>
  );
}
