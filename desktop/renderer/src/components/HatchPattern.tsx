/**
 * The diagonal hatching every chart draws its band (an interval, a range of outcomes) with, so a
 * band reads as a band in print and for people who cannot tell the fill's colour apart.
 */
export function HatchPattern({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <line x1="0" y1="0" x2="0" y2="6" className="chart-hatch" />
      </pattern>
    </defs>
  );
}
