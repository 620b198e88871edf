// CSV log exports: the CloudWatch Logs Insights console's "Export results > Download table (CSV)" (columns
// `@timestamp,@message,@logStream,@log,...`) and CSV downloads of log events (`timestamp,message`).
// RFC 4180: quoted fields may hold commas, doubled quotes and newlines, so one record can span several lines.

/** The header of a CSV log export: a time column and a message column, by name. */
export function isCsvLogHeader(line: string): boolean {
  if (line.indexOf(',') < 0) return false;
  const cols = splitCsvRecord(stripBom(line));
  if (!cols) return false;
  if (!cols.every((c) => /^@{0,2}[\w.$-]{1,100}$/.test(c.trim()))) return false; // a header names columns, nothing else
  const names = new Set(cols.map((c) => c.trim()));
  return (names.has('@message') || names.has('message')) && (names.has('@timestamp') || names.has('timestamp'));
}

export interface CsvRow {
  /** Column name -> cell text. */
  fields: Record<string, string>;
  /** Line the record starts on. */
  line: number;
}

export class CsvLogReader {
  private columns: string[] = [];
  private pending: string[] = [];
  private pendingLine = 0;

  constructor(
    private readonly onRow: (row: CsvRow) => void,
    private readonly onBad: (line: number, message: string) => void,
  ) {}

  line(text: string, lineNo: number): void {
    if (this.columns.length === 0) {
      this.columns = (splitCsvRecord(stripBom(text)) ?? []).map((c) => c.trim());
      return;
    }
    if (this.pending.length === 0) {
      if (text.length === 0) return;
      this.pendingLine = lineNo;
    }
    this.pending.push(text);
    const record = this.pending.join('\n');
    const cells = splitCsvRecord(record);
    if (!cells) return; // a quoted field goes on past this line
    this.pending = [];
    if (cells.length !== this.columns.length) {
      this.onBad(this.pendingLine, `CSV record has ${cells.length} fields, the header names ${this.columns.length}`);
      return;
    }
    const fields: Record<string, string> = {};
    this.columns.forEach((c, i) => { fields[c] = cells[i]; });
    this.onRow({ fields, line: this.pendingLine });
  }

  end(): void {
    if (this.pending.length > 0) this.onBad(this.pendingLine, 'CSV record cut short: a quoted field is not closed at end of file');
    this.pending = [];
  }
}

/** The cells of one record, or undefined when a quoted field is still open at the end of the text. */
export function splitCsvRecord(text: string): string[] | undefined {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        quoted = false;
      } else cell += c;
    } else if (c === '"' && cell.length === 0) quoted = true;
    else if (c === ',') { cells.push(cell); cell = ''; }
    else if (c !== '\r') cell += c;
    i++;
  }
  if (quoted) return undefined;
  cells.push(cell);
  return cells;
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
