// A wide table scrolls sideways inside its own box on a phone; the box is focusable and named so
// a keyboard user can scroll it too (WCAG 2.1.1; axe "scrollable-region-focusable").
import type { ReactNode } from 'react';

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>{children}</div>;
}
