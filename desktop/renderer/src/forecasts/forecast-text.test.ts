import { describe, expect, it } from 'vitest';
import { describeBias, describeDemandClass, describeMase, formatEstimate, parseLeadTimeDays, rankedWeights } from './forecast-text';

describe('describeMase', () => {
  it('says whether the forecast beats a naive one, and by how much', () => {
    expect(describeMase(0.8)).toEqual({ value: '0.80', verdict: 'Better than a naive forecast: errors 20% smaller' });
    expect(describeMase(1)).toEqual({ value: '1.00', verdict: 'As good as a naive forecast, no better' });
    expect(describeMase(1.5)).toEqual({ value: '1.50', verdict: 'Worse than a naive forecast: errors 50% larger' });
  });

  it('says why there is no figure for an item too new to backtest', () => {
    expect(describeMase(null)).toEqual({ value: '—', verdict: 'Not enough history to test this item’s forecasts yet' });
  });
});

describe('describeBias', () => {
  it('names the direction in words, with a sign that does not rely on colour', () => {
    expect(describeBias(0.125)).toEqual({ value: '+12.5%', verdict: 'Runs high: forecasts more than sells (risk of overstock)' });
    expect(describeBias(-0.05)).toEqual({ value: '−5%', verdict: 'Runs low: forecasts less than sells (risk of stock-outs)' });
    expect(describeBias(0.01).verdict).toBe('On target: neither high nor low on average');
    expect(describeBias(0)).toMatchObject({ value: '0%' });
    expect(describeBias(null).value).toBe('—');
  });
});

describe('rankedWeights', () => {
  it('lists the models largest share first, with names planners read, ties by name', () => {
    expect(rankedWeights({ naive: 0.2, ets: 0.4, theta: 0.4, future_model: 0 })).toEqual([
      { name: 'ets', label: 'Exponential smoothing', share: 0.4 },
      { name: 'theta', label: 'Theta', share: 0.4 },
      { name: 'naive', label: 'Naive (last week)', share: 0.2 },
      { name: 'future_model', label: 'future_model', share: 0 },
    ]);
  });
});

describe('parseLeadTimeDays', () => {
  it('reads whole and decimal days, with a point or a comma', () => {
    expect(parseLeadTimeDays(' 14 ')).toEqual({ ok: true, days: 14 });
    expect(parseLeadTimeDays('0')).toEqual({ ok: true, days: 0 });
    expect(parseLeadTimeDays('10,5')).toEqual({ ok: true, days: 10.5 });
  });

  it('explains what is wrong with anything else', () => {
    expect(parseLeadTimeDays('')).toEqual({ ok: false, message: 'Type a lead time in days.' });
    expect(parseLeadTimeDays('-3')).toEqual({ ok: false, message: '“-3” is not a number of days: type 0 or more, e.g. 14.' });
    expect(parseLeadTimeDays('two weeks').ok).toBe(false);
    expect(parseLeadTimeDays('1e3').ok).toBe(false);
    expect(parseLeadTimeDays('4000')).toEqual({ ok: false, message: 'A lead time of at most 3650 days, please.' });
  });
});

describe('the rest of the wording', () => {
  it('rounds estimates to one decimal and explains each demand class', () => {
    expect(formatEstimate(13.2897)).toBe('13.3');
    expect(formatEstimate(40)).toBe('40');
    expect(describeDemandClass('lumpy')).toBe('Lumpy: many weeks without a sale, then large orders');
  });
});
