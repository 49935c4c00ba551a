import { useEffect, useState } from 'react';
import { SECTIONS, type SectionId } from '../sections';

const DEFAULT_SECTION: SectionId = 'stock';

export interface HashRoute {
  section: SectionId;
  /** What follows the section, e.g. ['<sessionId>', 'count'] for `#/counting/<sessionId>/count`. */
  path: string[];
}

export function routeFromHash(hash: string): HashRoute {
  const [id = '', ...path] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return SECTIONS.some((s) => s.id === id) ? { section: id as SectionId, path: path.filter(Boolean) } : { section: DEFAULT_SECTION, path: [] };
}

/** Moves to a place in the app (the hash keeps it across reloads and for the back button). */
export function navigate(section: SectionId, ...path: string[]): void {
  window.location.hash = `#/${[section, ...path].map(encodeURIComponent).join('/')}`;
}

/** The current section and the path inside it, kept in the URL hash. */
export function useHashRoute(): HashRoute {
  const [route, setRoute] = useState(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
