import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { moveActive, pagesFor, scrollToShow, visibleRange } from './virtual-window';

describe('the rows a virtual table draws', () => {
  it('draws the rows under the viewport with a margin each side, never beyond the table', () => {
    // 40 px rows, a 400 px viewport scrolled to row 100: rows 100–110 show, 8 more each side.
    expect(visibleRange(4_000, 400, 40, 50_000)).toEqual({ start: 92, end: 119 });
    expect(visibleRange(0, 400, 40, 5)).toEqual({ start: 0, end: 5 });
    expect(visibleRange(0, 400, 40, 0)).toEqual({ start: 0, end: 0 });
  });

  it('property: the drawn range holds every row in view and stays small whatever the table’s size', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 50, max: 2_000 }), (total, scrollTop, height) => {
      const rowHeight = 36;
      const range = visibleRange(scrollTop, height, rowHeight, total);
      const firstInView = Math.min(total - 1, Math.floor(scrollTop / rowHeight));
      const lastInView = Math.min(total - 1, Math.floor((scrollTop + height - 1) / rowHeight));
      expect(range.start).toBeGreaterThanOrEqual(0);
      expect(range.end).toBeLessThanOrEqual(total);
      if (firstInView < total && scrollTop / rowHeight < total) {
        expect(range.start).toBeLessThanOrEqual(firstInView);
        expect(range.end).toBeGreaterThan(lastInView);
      }
      expect(range.end - range.start).toBeLessThanOrEqual(Math.ceil(height / rowHeight) + 1 + 16);
    }));
  });

  it('asks for the pages that hold the drawn rows', () => {
    expect(pagesFor({ start: 92, end: 119 }, 100)).toEqual([0, 1]);
    expect(pagesFor({ start: 200, end: 250 }, 100)).toEqual([2]);
    expect(pagesFor({ start: 0, end: 0 }, 100)).toEqual([]);
  });
});

describe('the keyboard in a virtual table', () => {
  it('moves one row, a page, or to either end, and stays inside the table', () => {
    expect(moveActive(-1, 'ArrowDown', 10, 5)).toBe(0);
    expect(moveActive(-1, 'ArrowUp', 10, 5)).toBe(9);
    expect(moveActive(9, 'ArrowDown', 10, 5)).toBe(9);
    expect(moveActive(0, 'ArrowUp', 10, 5)).toBe(0);
    expect(moveActive(3, 'PageDown', 10, 5)).toBe(8);
    expect(moveActive(8, 'PageDown', 10, 5)).toBe(9);
    expect(moveActive(3, 'PageUp', 10, 5)).toBe(0);
    expect(moveActive(4, 'End', 10, 5)).toBe(9);
    expect(moveActive(4, 'Home', 10, 5)).toBe(0);
    expect(moveActive(4, 'ArrowDown', 0, 5)).toBe(-1);
  });

  it('scrolls just enough to show the active row', () => {
    expect(scrollToShow(10, 0, 200, 40)).toBe(240);
    expect(scrollToShow(2, 400, 200, 40)).toBe(80);
    expect(scrollToShow(12, 400, 200, 40)).toBe(400);
  });
});
