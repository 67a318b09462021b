// `cancuoc export`: the register's persons in the bulk file format (file-format.ts,
// docs/import-format.md), streamed out of PostgreSQL with COPY … TO STDOUT so that memory stays
// flat at any size. CSV comes from PostgreSQL's own CSV writer (RFC 4180 quoting); NDJSON rows
// are built as json by PostgreSQL and only unescaped from COPY text here. What `import` reads
// back is exactly what `export` wrote: export → import into an empty register gives the same
// persons (household ids aside, which are internal; households travel by file number).
//
// Audit: one entry for the export (actor, selection, row count, file SHA-256): the export is a
// single act of one operator whose selection is recorded, not a series of person look-ups.
import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { appendAuditInTx } from '../audit/log.ts';
import { connect, type Sql } from '../db/connect.ts';
import { FILE_FIELDS } from './file-format.ts';
import type { FileFormat } from './import.ts';

export interface ExportOptions {
  format: FileFormat;
  /** Generation-2 province id: only persons living there today. */
  provinceId?: string;
  actor: string;
  onProgress?: (rows: number) => void;
}

/** SQL expression of each file field over `person p` joined with `household h`. */
function fieldExpression(column: string): string {
  switch (column) {
    case 'other_names': return `nullif(array_to_string(p.other_names, ';'), '')`;
    case 'previous_card_issue_date': return `p.previous_card->>'issueDate'`;
    case 'previous_card_issue_place': return `p.previous_card->>'issuePlace'`;
    case 'previous_card_expiry_date': return `p.previous_card->>'expiryDate'`;
    case 'household_file_number': return 'h.file_number';
    case 'temporary_absence': return 'p.temporary_absence::text';
    case 'birth_date': case 'death_date': case 'missing_since': case 'temporary_until': return `to_char(p.${column}, 'YYYY-MM-DD')`;
    case 'id_number': case 'father_id': case 'mother_id': case 'spouse_id': case 'legal_representative_id': case 'nationality': return `rtrim(p.${column})`;
    default: return `p.${column}`;
  }
}

/** `db.url` opens the COPY's own connection (see below); `db.sql` writes the audit entry. */
export async function exportPersons(db: { sql: Sql; url: string }, out: Writable, o: ExportOptions): Promise<{ rows: number; sha256: string }> {
  const where = o.provinceId ? `where p.current_province_id = '${o.provinceId.replace(/'/g, "''")}'` : '';
  const from = `from person p left join household h on h.id = p.household_id ${where} order by p.id_number`;
  let query: string;
  if (o.format === 'csv') {
    const select = FILE_FIELDS.map((f) => `${fieldExpression(f.column)} as "${f.name}"`).join(', ');
    query = `copy (select ${select} ${from}) to stdout with (format csv, header true)`;
  } else {
    // json_strip_nulls keeps lines short: an absent key means an empty field.
    const pairs = FILE_FIELDS.map((f) => {
      const e = f.column === 'other_names' ? `case when cardinality(p.other_names) > 0 then to_json(p.other_names) end`
        : f.column === 'temporary_absence' ? 'p.temporary_absence' : fieldExpression(f.column);
      return `'${f.name}', ${e}`;
    }).join(', ');
    query = `copy (select json_strip_nulls(json_build_object(${pairs})) ${from}) to stdout`;
  }
  const hash = createHash('sha256');
  let rows = 0;
  let carry = '';
  const decoder = new StringDecoder('utf8');
  const ndjson = o.format === 'ndjson';
  const convert = (chunk: Buffer): Buffer => {
    // Rows are counted by line ends (CSV fields with line breaks are quoted, so only NDJSON
    // is exact; the CSV count is the exact row count for data without embedded line breaks).
    for (let k = 0; k < chunk.length; k++) if (chunk[k] === 10) rows++;
    let data = chunk;
    if (ndjson) {
      // COPY text escapes \ as \\ (and control characters, which JSON text never contains raw).
      // An odd run of backslashes at a chunk end waits for its partner in the next chunk.
      const text = carry + decoder.write(chunk);
      let trailing = 0;
      while (trailing < text.length && text[text.length - 1 - trailing] === '\\') trailing++;
      const cut = text.length - (trailing % 2);
      carry = text.slice(cut);
      data = Buffer.from(text.slice(0, cut).replace(/\\\\/g, '\\'), 'utf8');
    }
    hash.update(data);
    o.onProgress?.(rows);
    return data;
  };
  // The COPY runs on a connection of its own, closed when it ends. postgres.js (3.4.9,
  // connection.js CopyData/CopyDone) pauses the socket when a pushed chunk fills the stream's
  // buffer and resumes it only from the stream's read(); when the last chunks and CopyDone come
  // in one socket read (a small export, a loaded machine) the stream ends with the socket still
  // paused, and the next query on that connection never completes. A pooled connection would
  // carry that into the audit write below.
  const copySql = connect(db.url, { max: 1 });
  try {
    const stream = await copySql.unsafe(query).readable();
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => { out.write(convert(chunk)); });
      stream.on('end', resolve);
      stream.on('error', reject);
    });
  } finally {
    await copySql.end({ timeout: 1 });
  }
  out.end();
  await finished(out);
  if (o.format === 'csv') rows -= 1; // the header line
  const sha256 = hash.digest('hex');
  await db.sql.begin((tx) => appendAuditInTx(tx, [{
    actor: o.actor, action: 'population.export', details: { rows, format: o.format, province: o.provinceId ?? null, sha256 },
  }]));
  return { rows, sha256 };
}
