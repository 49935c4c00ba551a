import { useState } from 'react';
import type { ItemSearchRow } from '../../../../core/catalog/items.service';
import { useDebouncedValue } from '../../hooks/use-debounced-value';
import { useItemSearch } from '../../hooks/use-item-search';

interface ItemPickerProps {
  chosen: readonly Pick<ItemSearchRow, 'id' | 'sku' | 'name'>[];
  onChange(next: Pick<ItemSearchRow, 'id' | 'sku' | 'name'>[]): void;
}

/** The items of a cycle count: search by SKU, name or barcode, add, remove. */
export function ItemPicker({ chosen, onChange }: ItemPickerProps) {
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 200);
  const search = useItemSearch(q, null);
  const chosenIds = new Set(chosen.map((i) => i.id));

  return (
    <fieldset className="item-picker">
      <legend>Items to count ({chosen.length})</legend>
      {chosen.length > 0 && (
        <ul className="chips" aria-label="Chosen items">
          {chosen.map((item) => (
            <li key={item.id} className="chip">
              <span className="mono">{item.sku}</span> {item.name}
              <button type="button" className="chip-remove" aria-label={`Remove ${item.sku}`} onClick={() => onChange(chosen.filter((i) => i.id !== item.id))}>×</button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor="item-picker-search">Find items</label>
      <input id="item-picker-search" type="search" className="search-input" placeholder="SKU, name or barcode" autoComplete="off"
        value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => {
          // Enter adds the first match, so a scanner can add items one after another.
          if (e.key !== 'Enter') return;
          e.preventDefault();
          const first = search.query === text.trim() ? search.rows.find((r) => !chosenIds.has(r.id)) : undefined;
          if (first) {
            onChange([...chosen, first]);
            setText('');
          }
        }} />
      {q !== '' && (
        <ul className="picker-results" aria-label="Matching items">
          {search.rows.slice(0, 10).map((item) => (
            <li key={item.id}>
              <button type="button" className="button button-quiet" disabled={chosenIds.has(item.id)}
                onClick={() => onChange([...chosen, item])}>
                {chosenIds.has(item.id) ? 'Added' : 'Add'} <span className="mono">{item.sku}</span> · {item.name}
              </button>
            </li>
          ))}
          {search.query === q && search.rows.length === 0 && <li className="muted">No items match “{q}”.</li>}
        </ul>
      )}
    </fieldset>
  );
}
