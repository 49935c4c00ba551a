import { useEffect, useRef, useState } from 'react';
import { ItemDetailPanel } from '../components/ItemDetailPanel';
import { ItemTable } from '../components/ItemTable';
import { StockLevelsTable } from '../components/StockLevelsTable';
import { formatQuantity } from '../format';
import { useDebouncedValue } from '../hooks/use-debounced-value';
import { useItemSearch } from '../hooks/use-item-search';

type View = 'items' | 'levels';

/** Stock over the local replica, by item or as levels per location: works the same with the network down. */
export function StockScreen({ revision }: { revision: string | null }) {
  const [view, setView] = useState<View>('items');
  return (
    <section className="stock-screen" aria-labelledby="section-heading">
      <h1 id="section-heading">Stock</h1>
      <div className="tabs" role="tablist" aria-label="Stock views">
        <button type="button" role="tab" id="tab-items" aria-selected={view === 'items'} aria-controls="panel-items" className="tab" onClick={() => setView('items')}>Items</button>
        <button type="button" role="tab" id="tab-levels" aria-selected={view === 'levels'} aria-controls="panel-levels" className="tab" onClick={() => setView('levels')}>Stock levels</button>
      </div>
      {view === 'items'
        ? <div role="tabpanel" id="panel-items" aria-labelledby="tab-items"><ItemSearch revision={revision} /></div>
        : <div role="tabpanel" id="panel-levels" aria-labelledby="tab-levels"><StockLevelsTable revision={revision} /></div>}
    </section>
  );
}

/** Items by SKU, name or barcode, with one item's stock per location beside the list. */
function ItemSearch({ revision }: { revision: string | null }) {
  const [text, setText] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [selectFirstPending, setSelectFirstPending] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const q = useDebouncedValue(text.trim(), 200);
  const search = useItemSearch(q, revision);
  const upToDate = search.query === text.trim() && !search.loading;

  // `/` jumps to the search box from anywhere on the screen, as in most look-up tools.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key !== '/' || target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      event.preventDefault();
      searchRef.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  // A scanner types a barcode and presses Enter faster than the debounce: select once results land.
  useEffect(() => {
    if (!selectFirstPending || !upToDate) return;
    setSelectFirstPending(false);
    if (search.rows[0]) setSelectedId(search.rows[0].id);
  }, [selectFirstPending, upToDate, search.rows]);

  return (
    <>
      <div className="toolbar">
        <label htmlFor="item-search">Search items</label>
        <input
          id="item-search"
          ref={searchRef}
          type="search"
          className="search-input"
          placeholder="SKU, name or barcode (press / to search)"
          autoComplete="off"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') setSelectFirstPending(true);
          }}
        />
        <span className="result-count" aria-live="polite">
          {upToDate ? `${formatQuantity(search.total)} ${search.total === 1 ? 'item' : 'items'}` : 'Searching…'}
        </span>
      </div>
      {search.error && <p className="inline-error" role="alert">Search failed: {search.error}</p>}
      <div className="stock-layout">
        <div className="stock-list">
          {search.query !== null && search.rows.length === 0 && !search.loading ? (
            <div className="empty-state">
              {search.query === ''
                ? <p className="empty-title">No items on this station yet. They arrive with the first sync.</p>
                : <p className="empty-title">No items match “{search.query}”.</p>}
              <p>Search by part of a SKU or name, or scan a barcode.</p>
            </div>
          ) : (
            <ItemTable rows={search.rows} selectedId={selectedId} onSelect={setSelectedId} />
          )}
          {search.rows.length < search.total && (
            <button type="button" className="button load-more" onClick={search.loadMore} disabled={search.loading}>
              Load more ({formatQuantity(search.total - search.rows.length)} more)
            </button>
          )}
        </div>
        {selectedId && <ItemDetailPanel itemId={selectedId} revision={revision} onClose={() => setSelectedId(null)} />}
      </div>
    </>
  );
}
