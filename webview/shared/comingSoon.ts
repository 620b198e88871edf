// Placeholder view for webviews whose features arrive in later issues.
import { h } from './dom';

export function comingSoon(title: string, text: string): void {
  const root = document.getElementById('app');
  if (!root) return;
  root.replaceChildren(h('div', { class: 'coming-soon' }, h('h2', { text: title }), h('p', { text })));
}
