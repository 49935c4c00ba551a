/**
 * Weekly demand like a manufacturer's catalogue: a level per item, mild trend, yearly season,
 * promotion lifts and a share of slow, intermittent items. Seeded, so every run sees the same.
 */
export function productDemandPanel(items: number, weeks: number, seed = 11): { id: string; y: number[]; promo: number[] }[] {
  let state = seed;
  const random = () => ((state = (state * 48271) % 2147483647) / 2147483647);
  return Array.from({ length: items }, (_, i) => {
    const intermittent = random() < 0.25;
    const level = intermittent ? 0.5 + random() * 2 : 5 + random() ** 2 * 400;
    const trend = (random() - 0.5) * 0.01;
    const season = random() * 0.4;
    const phase = random() * 2 * Math.PI;
    const promo: number[] = [], y: number[] = [];
    for (let t = 0; t < weeks; t++) {
      const onPromo = random() < 0.06 ? 1 : 0;
      const mean = level * (1 + trend * t) * (1 + season * Math.sin((2 * Math.PI * t) / 52 + phase)) * (onPromo ? 1.6 : 1);
      const demand = intermittent ? (random() < 0.3 ? Math.round(mean * (1 + random() * 3)) : 0) : Math.max(0, Math.round(mean * (0.8 + random() * 0.4)));
      promo.push(onPromo);
      y.push(demand);
    }
    return { id: `item-${i}`, y, promo };
  });
}
