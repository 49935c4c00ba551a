import { describe, expect, it } from 'vitest';
import { routeFromHash } from './use-hash-route';

describe('routeFromHash', () => {
  it('reads the section and the path inside it', () => {
    expect(routeFromHash('#/counting')).toEqual({ section: 'counting', path: [] });
    expect(routeFromHash('#/counting/abc/count')).toEqual({ section: 'counting', path: ['abc', 'count'] });
    expect(routeFromHash('#/counting/')).toEqual({ section: 'counting', path: [] });
  });

  it('falls back to the stock section for an empty or unknown hash', () => {
    expect(routeFromHash('')).toEqual({ section: 'stock', path: [] });
    expect(routeFromHash('#/nowhere/x')).toEqual({ section: 'stock', path: [] });
  });
});
