// Command ids named in more than one place (registered in one file, run or bound to tree items in others),
// so a rename cannot miss one. Ids used once are written beside their handler; package.json lists them all.
export const CommandId = {
  open: 'traceExplorer.open',
  openTrace: 'traceExplorer.openTrace',
  showFunction: 'traceExplorer.showFunction',
  query: 'traceExplorer.query',
  openQueryResult: 'traceExplorer.openQueryResult',
  selectProfile: 'traceExplorer.selectProfile',
  selectRegion: 'traceExplorer.selectRegion',
  connectAws: 'traceExplorer.connectAws',
} as const;
