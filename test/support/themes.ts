// The colour themes the end-to-end tests run in; E2E_THEMES=light,dark,hc picks a subset.
export const E2E_THEMES = [
  { key: 'light', name: 'Default Light Modern', baseClass: 'vs' },
  { key: 'dark', name: 'Default Dark Modern', baseClass: 'vs-dark' },
  { key: 'hc', name: 'Default High Contrast', baseClass: 'hc-black' },
];

export function selectedThemes(): typeof E2E_THEMES {
  const want = (process.env.E2E_THEMES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return want.length ? E2E_THEMES.filter((t) => want.includes(t.key)) : E2E_THEMES;
}
