// A draggable (and keyboard-operable) splitter that sets a CSS length variable on a container.
import { h } from './dom';

export interface SplitterOptions {
  container: HTMLElement;
  variable: string;
  orientation: 'vertical' | 'horizontal';
  /** Current size in px of the pane the variable sizes. */
  initial: number;
  min: number;
  max(): number;
  /** For a pane after the splitter (e.g. a bottom panel), dragging towards it makes it smaller. */
  inverted?: boolean;
  label: string;
  onChange?(size: number): void;
}

export function splitter(o: SplitterOptions): HTMLElement {
  let size = o.initial;
  const apply = (v: number) => {
    size = Math.round(Math.max(o.min, Math.min(o.max(), v)));
    o.container.style.setProperty(o.variable, `${size}px`);
    el.setAttribute('aria-valuenow', String(size));
    o.onChange?.(size);
  };
  const el = h('div', {
    class: `splitter splitter-${o.orientation}`,
    attrs: { role: 'separator', tabindex: 0, 'aria-label': o.label, 'aria-orientation': o.orientation, 'aria-valuemin': o.min },
  });
  el.addEventListener('mousedown', (e) => {
    e.preventDefault();
    const start = o.orientation === 'vertical' ? e.clientX : e.clientY;
    const startSize = size;
    const move = (ev: MouseEvent) => {
      const d = (o.orientation === 'vertical' ? ev.clientX : ev.clientY) - start;
      apply(startSize + (o.inverted ? -d : d));
    };
    const up = () => { window.removeEventListener('mousemove', move); window.removeEventListener('mouseup', up); el.classList.remove('active'); };
    el.classList.add('active');
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  });
  el.addEventListener('keydown', (e) => {
    const grow = o.orientation === 'vertical' ? ['ArrowRight', 'ArrowLeft'] : ['ArrowDown', 'ArrowUp'];
    const i = grow.indexOf(e.key);
    if (i < 0) return;
    e.preventDefault();
    const d = (i === 0 ? 20 : -20) * (o.inverted ? -1 : 1);
    apply(size + d);
  });
  queueMicrotask(() => apply(size));
  return el;
}
