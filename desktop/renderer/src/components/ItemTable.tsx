import type { ItemSearchRow } from '../../../core/catalog/items.service';
import { formatItemType, formatQuantity } from '../format';

interface ItemTableProps {
  rows: ItemSearchRow[];
  selectedId: string | null;
  onSelect(id: string): void;
}

export function ItemTable({ rows, selectedId, onSelect }: ItemTableProps) {
  return (
    <table className="item-table">
      <caption className="visually-hidden">Items in stock</caption>
      <thead>
        <tr>
          <th scope="col">SKU</th>
          <th scope="col">Name</th>
          <th scope="col">Type</th>
          <th scope="col">Category</th>
          <th scope="col" className="numeric">On hand</th>
          <th scope="col">Unit</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((item) => (
          <tr key={item.id} className={item.id === selectedId ? 'selected' : undefined} onClick={() => onSelect(item.id)}>
            <td>
              {/* The SKU is the row's keyboard target; the whole row answers to a click or a glove. */}
              <button type="button" className="link-button" aria-pressed={item.id === selectedId} onClick={(event) => {
                event.stopPropagation();
                onSelect(item.id);
              }}>
                {item.sku}
              </button>
            </td>
            <td>{item.name}</td>
            <td>{formatItemType(item.type)}</td>
            <td>{item.category}</td>
            <td className="numeric">{formatQuantity(item.onHand)}</td>
            <td>{item.unit}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
