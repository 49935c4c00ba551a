import { describe, expect, it } from 'vitest';
import { cycleWorking, describeDelay, describeDue, formatDayChange, formatDays, ratioWorking } from './finance-text';

// The tests run in Node's default locale; the figures below are chosen to read the same in any
// English one (the e2e test fixes en-US for the whole screen).

describe('finance wording', () => {
  it('shows days with one decimal and a dash when a ratio has no value', () => {
    expect(formatDays(45.535714)).toBe('45.5 days');
    expect(formatDays(99)).toBe('99.0 days');
    expect(formatDays(null)).toBe('—');
    expect(formatDayChange(5.21)).toBe('+5.2');
    expect(formatDayChange(-3)).toBe('−3.0');
    expect(formatDayChange(0.01)).toBe('0.0');
  });

  it('writes the sum behind a ratio with its figures', () => {
    const working = ratioWorking({ numeratorLabel: 'AR', numeratorMinor: 212_500, denominatorLabel: 'revenue', denominatorMinor: 420_000, days: 90 }, 'GBP');
    expect(working).toMatch(/^AR £2,125\.00 ÷ revenue £4,200\.00 × 90 days$/);
    expect(cycleWorking(99, 45.5357, 130.5)).toBe('DIO 99.0 + DSO 45.5 − DPO 130.5');
    expect(cycleWorking(null, 45.5, 130.5)).toBe('DIO — + DSO 45.5 − DPO 130.5');
  });

  it('says how overdue a document is', () => {
    expect(describeDue(14)).toBe('14 days overdue');
    expect(describeDue(1)).toBe('1 day overdue');
    expect(describeDue(0)).toBe('Due today');
    expect(describeDue(-3)).toBe('Due in 3 days');
    expect(describeDue(null)).toBe('Settled');
    expect(describeDelay(11)).toBe('11.0 days after the due date');
    expect(describeDelay(-9)).toBe('9.0 days before the due date');
    expect(describeDelay(0)).toBe('on the due date');
  });
});
