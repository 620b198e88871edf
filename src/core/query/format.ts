// Prints an expression back as query text (terms as the user typed them), e.g. for the residual
// part of a query that CloudWatch could not answer.
import type { Expr } from './ast';

export function printExpr(e: Expr, source: string): string {
  switch (e.type) {
    case 'and': return e.items.map((x) => (x.type === 'or' ? `(${printExpr(x, source)})` : printExpr(x, source))).join(' ');
    case 'or': return e.items.map((x) => printExpr(x, source)).join(' OR ');
    case 'not': return `-${e.item.type === 'and' || e.item.type === 'or' ? `(${printExpr(e.item, source)})` : printExpr(e.item, source)}`;
    default: return source.slice(e.pos, e.pos + e.len);
  }
}
