import type { DemandClass } from '../domain/forecast.schema';

/** Syntetos–Boylan–Croston cut-offs: mean interval between demands, squared CV of demand sizes. */
const ADI_CUTOFF = 1.32;
const CV2_CUTOFF = 0.49;

/**
 * How regular (ADI) and how variable (CV² of the non-zero sizes) an item's demand is. A history
 * with no demand at all is intermittent: there is nothing smooth to extrapolate.
 */
export function classifyDemand(y: readonly number[]): DemandClass {
  const sizes = y.filter((v) => v > 0);
  if (sizes.length === 0) return 'intermittent';
  const adi = y.length / sizes.length;
  const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const variance = sizes.reduce((a, b) => a + (b - mean) ** 2, 0) / sizes.length;
  const cv2 = variance / (mean * mean);
  if (adi < ADI_CUTOFF) return cv2 < CV2_CUTOFF ? 'smooth' : 'erratic';
  return cv2 < CV2_CUTOFF ? 'intermittent' : 'lumpy';
}
