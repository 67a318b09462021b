// CSV as RFC 4180 defines it (comma separator, CRLF or LF line ends, fields optionally in double
// quotes, "" for a quote inside quotes, line breaks allowed inside quotes), parsed as a stream so
// that a file of 10 million rows never has to fit in memory. Each record carries the line number
// it starts on, which is what import errors report.

export interface CsvRecord {
  /** 1-based line number of the record's first character in the file. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  readonly code = 'ERR_CSV_SYNTAX';
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

/** Parses CSV text arriving in chunks (strings); yields complete records. */
export async function* parseCsv(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  let field = '';
  let fields: string[] = [];
  let inQuotes = false;
  let afterQuote = false; // just closed a quoted field: only , or a line end may follow
  let pendingQuote = false; // saw " inside quotes at a chunk end: "" or the closing quote?
  let pendingCR = false;
  let line = 1;
  let recordLine = 1;
  let started = false;

  const endRecord = function (): CsvRecord {
    fields.push(field);
    const r = { line: recordLine, fields };
    fields = [];
    field = '';
    started = false;
    afterQuote = false;
    return r;
  };

  for await (const chunk of chunks) {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      const c = chunk[i]!;
      if (pendingCR) {
        pendingCR = false;
        if (c === '\n') { i++; continue; }
      }
      if (pendingQuote) {
        pendingQuote = false;
        if (c === '"') { field += '"'; i++; continue; }
        inQuotes = false;
        afterQuote = true;
        continue;
      }
      if (inQuotes) {
        const q = chunk.indexOf('"', i);
        if (q < 0) {
          const part = chunk.slice(i);
          for (let k = 0; k < part.length; k++) if (part[k] === '\n') line++;
          field += part;
          i = n;
          continue;
        }
        const part = chunk.slice(i, q);
        for (let k = 0; k < part.length; k++) if (part[k] === '\n') line++;
        field += part;
        if (q + 1 >= n) { pendingQuote = true; i = n; continue; }
        if (chunk[q + 1] === '"') { field += '"'; i = q + 2; continue; }
        inQuotes = false;
        afterQuote = true;
        i = q + 1;
        continue;
      }
      if (c === ',') {
        fields.push(field);
        field = '';
        afterQuote = false;
        started = true;
        i++;
        continue;
      }
      if (c === '\n' || c === '\r') {
        if (started || field.length > 0 || fields.length > 0 || afterQuote) yield endRecord();
        line++;
        recordLine = line;
        if (c === '\r') pendingCR = true;
        i++;
        continue;
      }
      if (afterQuote) throw new CsvSyntaxError(line, 'text after a closing quote (a field must be quoted as a whole)');
      if (c === '"') {
        if (field.length > 0) throw new CsvSyntaxError(line, 'a quote inside an unquoted field (quote the whole field and double the quote)');
        inQuotes = true;
        started = true;
        i++;
        continue;
      }
      // Plain run up to the next delimiter.
      let j = i;
      while (j < n) {
        const d = chunk.charCodeAt(j);
        if (d === 44 || d === 10 || d === 13 || d === 34) break;
        j++;
      }
      field += chunk.slice(i, j);
      started = true;
      i = j;
    }
  }
  if (pendingQuote) { inQuotes = false; afterQuote = true; }
  if (inQuotes) throw new CsvSyntaxError(recordLine, 'a quoted field is not closed before the end of the file');
  if (started || field.length > 0 || fields.length > 0) yield endRecord();
}

/** One CSV field, quoted when it has to be (RFC 4180 §2.6–2.7). */
export function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}
