/** How many uncensored weeks on each side of a stock-out week its estimate looks at. */
const NEIGHBOURS_EACH_SIDE = 2;
/** How far (in weeks) the estimate looks for them; further weeks say little about this one. */
const MAX_DISTANCE = 8;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Demand with stock-out weeks filled in. A week that ran out of stock sold less than customers
 * wanted, so its sales understate demand: it becomes the median of its nearest uncensored
 * neighbours (up to two each side, at most eight weeks away), and never less than what it did sell.
 * A censored week with no uncensored neighbour keeps its sales, the only evidence there is.
 */
export function uncensorDemand(sold: readonly number[], censored: readonly boolean[]): number[] {
  return sold.map((value, i) => {
    if (!censored[i]) return value;
    const neighbours: number[] = [];
    for (const direction of [-1, 1]) {
      let found = 0;
      for (let d = 1; d <= MAX_DISTANCE && found < NEIGHBOURS_EACH_SIDE; d++) {
        const j = i + direction * d;
        if (j < 0 || j >= sold.length) break;
        if (censored[j]) continue;
        neighbours.push(sold[j]!);
        found++;
      }
    }
    return neighbours.length === 0 ? value : Math.max(value, median(neighbours));
  });
}
