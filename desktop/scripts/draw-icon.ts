// The CapLiquify app icon, drawn with signed distances so any size comes out antialiased: a
// rounded square in a deep-blue gradient holding a white "C" ring around a liquid drop.

type Rgb = readonly [number, number, number];

const TOP: Rgb = [14, 165, 233];
const BOTTOM: Rgb = [30, 58, 138];
const WHITE: Rgb = [255, 255, 255];
const SAMPLES = 4;

function roundedSquare(x: number, y: number): number {
  const half = 0.46;
  const radius = 0.2;
  const qx = Math.abs(x) - half + radius;
  const qy = Math.abs(y) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Inside the "C": a ring with an opening facing right. */
function insideRing(x: number, y: number): boolean {
  const r = Math.hypot(x, y);
  if (r < 0.2 || r > 0.3) return false;
  return Math.abs(Math.atan2(y, x)) > Math.PI / 4.5;
}

/** Inside the drop: a circle that narrows to a point at the top. */
function insideDrop(x: number, y: number): boolean {
  const cy = 0.035;
  const r = 0.085;
  if (Math.hypot(x, y - cy) <= r) return true;
  const tip = cy - 2.1 * r;
  if (y < tip || y > cy) return false;
  return Math.abs(x) <= (r * (y - tip)) / (cy - tip);
}

function shade(x: number, y: number): [number, number, number, number] {
  if (roundedSquare(x, y) > 0) return [0, 0, 0, 0];
  if (insideRing(x, y) || insideDrop(x, y)) return [...WHITE, 255];
  const t = Math.min(1, Math.max(0, y + 0.5));
  return [TOP[0] + (BOTTOM[0] - TOP[0]) * t, TOP[1] + (BOTTOM[1] - TOP[1]) * t, TOP[2] + (BOTTOM[2] - TOP[2]) * t, 255];
}

/** RGBA pixels of the icon at `size`×`size`, each pixel averaged over 4×4 samples. */
export function drawIcon(size: number): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const [r, g, b, a] = shade((px + (sx + 0.5) / SAMPLES) / size - 0.5, (py + (sy + 0.5) / SAMPLES) / size - 0.5);
          // Premultiply, so transparent samples do not darken the edge.
          sum[0]! += r * a;
          sum[1]! += g * a;
          sum[2]! += b * a;
          sum[3]! += a;
        }
      }
      const alpha = sum[3]!;
      const offset = (py * size + px) * 4;
      if (alpha > 0) {
        pixels[offset] = Math.round(sum[0]! / alpha);
        pixels[offset + 1] = Math.round(sum[1]! / alpha);
        pixels[offset + 2] = Math.round(sum[2]! / alpha);
      }
      pixels[offset + 3] = Math.round(alpha / (SAMPLES * SAMPLES));
    }
  }
  return pixels;
}
