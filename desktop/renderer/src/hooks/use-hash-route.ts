import { useEffect, useState } from 'react';
import { SECTIONS, type SectionId } from '../sections';

const DEFAULT_SECTION: SectionId = 'stock';

function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#\/?/, '');
  return SECTIONS.some((s) => s.id === id) ? (id as SectionId) : DEFAULT_SECTION;
}

/** The current section, kept in the URL hash so reloads and the back button keep their place. */
export function useHashRoute(): SectionId {
  const [section, setSection] = useState(() => sectionFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setSection(sectionFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return section;
}
