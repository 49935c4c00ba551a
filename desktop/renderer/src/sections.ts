/** The app's sections, in navigation order. `upcoming` says what a later release brings (null: here now). */
export const SECTIONS = [
  { id: 'counting', label: 'Counting', upcoming: null },
  { id: 'stock', label: 'Stock', upcoming: null },
  { id: 'production', label: 'Production', upcoming: 'Live production KPIs: work orders, good and scrap counts, downtime and OEE per line.' },
  { id: 'finance', label: 'Finance', upcoming: null },
  { id: 'forecasts', label: 'Forecasts', upcoming: null },
  { id: 'admin', label: 'Admin', upcoming: null },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];
