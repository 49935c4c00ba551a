const quantity = new Intl.NumberFormat(undefined, { maximumFractionDigits: 4 });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatQuantity(value: number): string {
  return quantity.format(value);
}

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

const TYPE_LABELS = { raw: 'Raw', component: 'Component', finished: 'Finished' } as const;

export function formatItemType(type: keyof typeof TYPE_LABELS): string {
  return TYPE_LABELS[type];
}
