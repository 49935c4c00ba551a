import { SECTIONS, type SectionId } from '../sections';

export function SideNav({ current }: { current: SectionId }) {
  return (
    <nav className="side-nav" aria-label="Sections">
      <ul>
        {SECTIONS.map((section) => (
          <li key={section.id}>
            <a href={`#/${section.id}`} aria-current={section.id === current ? 'page' : undefined}>
              {section.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
