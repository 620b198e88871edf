// The small part of plotly.js this view uses (the package ships no types; @types/plotly.js is not installed).
declare module 'plotly.js-basic-dist-min' {
  export interface PlotPoint {
    curveNumber: number;
    pointNumber: number;
    x: unknown;
    y: unknown;
    data: { name?: string; meta?: unknown };
  }
  export interface PlotEvent {
    points: PlotPoint[];
  }
  export interface PlotlyHTMLElement extends HTMLElement {
    on(event: 'plotly_click', handler: (e: PlotEvent) => void): void;
    on(event: 'plotly_relayout', handler: (e: Record<string, unknown>) => void): void;
    on(event: 'plotly_afterplot', handler: () => void): void;
    removeAllListeners?(event: string): void;
  }
  export type Data = Record<string, unknown>;
  export type Layout = Record<string, unknown>;
  export type Config = Record<string, unknown>;
  const Plotly: {
    react(el: HTMLElement, data: Data[], layout: Layout, config?: Config): Promise<PlotlyHTMLElement>;
    purge(el: HTMLElement): void;
    Plots: { resize(el: HTMLElement): void };
  };
  export default Plotly;
}
