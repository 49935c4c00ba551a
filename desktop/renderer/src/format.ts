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

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

export function formatTime(iso: string): string {
  return time.format(new Date(iso));
}

/** A quantity with its sign, for variances: +3, −1.5, 0. */
export function formatSignedQuantity(value: number): string {
  return value > 0 ? `+${quantity.format(value)}` : quantity.format(value);
}

const money = new Map<string, Intl.NumberFormat>();

/** Minor units (cents) of `currency` as money, e.g. 12345 EUR → €123.45. */
export function formatMoney(minor: number, currency: string): string {
  let format = money.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: 'currency', currency, signDisplay: 'auto' });
    money.set(currency, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}
