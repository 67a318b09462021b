// A streaming LDIF reader (RFC 2849), enough for the ICAO PKD download files: records separated by
// blank lines, long lines folded (a line starting with one space continues the previous one),
// `attr: value` (a SAFE-STRING), `attr:: base64` (binary values, every certificate in the PKD),
// `#` comments, an optional `version: 1`, and change records (`changetype: add | delete | modify`
// with `add:`/`replace:`/`delete:` groups ended by `-`), as the PKD's delta files use. Values by URL
// (`attr:< file://…`) are refused: a download file is self-contained. One record is in memory at a
// time, so a 75 MB collection streams through.
import { PkiDecodeError } from './errors.ts';

export interface LdifRecord {
  dn: string;
  /** `add` for content records. */
  changetype: 'add' | 'delete' | 'modify' | 'moddn' | 'modrdn';
  /** Attribute name (as written, options included, e.g. `userCertificate;binary`) → values. */
  attributes: Map<string, (string | Uint8Array)[]>;
  /** Line number where the record starts (for messages). */
  line: number;
}

/** The values of `name` (case-insensitive, RFC 4512 §2.5; options such as `;binary` ignored). */
export function ldifValues(r: LdifRecord, name: string): (string | Uint8Array)[] {
  const want = name.toLowerCase();
  const out: (string | Uint8Array)[] = [];
  for (const [k, v] of r.attributes) if (k.split(';')[0]!.toLowerCase() === want) out.push(...v);
  return out;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

class Parser {
  #record: LdifRecord | undefined;
  #lineNo = 0;
  #logical: { text: string; line: number } | undefined;
  #sawVersion = false;
  #inModify = false;
  readonly out: LdifRecord[] = [];

  /** One physical line (without its line break). */
  line(raw: string): void {
    this.#lineNo++;
    if (raw.startsWith(' ')) {
      if (!this.#logical) throw new PkiDecodeError(`LDIF line ${this.#lineNo}: a continuation line with nothing to continue`);
      this.#logical.text += raw.slice(1);
      return;
    }
    this.#flushLine();
    if (raw === '') {
      this.#endRecord();
      return;
    }
    this.#logical = { text: raw, line: this.#lineNo };
  }

  end(): void {
    this.#flushLine();
    this.#endRecord();
  }

  #flushLine(): void {
    const l = this.#logical;
    this.#logical = undefined;
    if (!l || l.text.startsWith('#')) return;
    if (l.text === '-') {
      if (!this.#inModify) throw new PkiDecodeError(`LDIF line ${l.line}: '-' outside a modify record`);
      return;
    }
    const colon = l.text.indexOf(':');
    if (colon <= 0) throw new PkiDecodeError(`LDIF line ${l.line}: expected "attribute: value"`);
    const name = l.text.slice(0, colon);
    let rest = l.text.slice(colon + 1);
    let value: string | Uint8Array;
    if (rest.startsWith(':')) {
      const b64 = rest.slice(1).trim();
      if (!BASE64.test(b64) || b64.length % 4 === 1) throw new PkiDecodeError(`LDIF line ${l.line}: the value of ${name} is not base64`);
      value = new Uint8Array(Buffer.from(b64, 'base64'));
    } else if (rest.startsWith('<')) {
      throw new PkiDecodeError(`LDIF line ${l.line}: values by URL (${name}:<) are not read`);
    } else {
      rest = rest.replace(/^ +/, '');
      value = rest;
    }
    if (!this.#record) {
      if (name.toLowerCase() === 'version' && !this.#sawVersion) {
        this.#sawVersion = true;
        if (value !== '1') throw new PkiDecodeError(`LDIF line ${l.line}: version ${String(value)} (1 expected)`);
        return;
      }
      if (name.toLowerCase() !== 'dn') throw new PkiDecodeError(`LDIF line ${l.line}: a record must start with dn:`);
      const dn = typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
      this.#record = { dn, changetype: 'add', attributes: new Map(), line: l.line };
      this.#inModify = false;
      return;
    }
    const lower = name.toLowerCase();
    if (lower === 'changetype' && this.#record.attributes.size === 0) {
      const t = String(value);
      if (!['add', 'delete', 'modify', 'moddn', 'modrdn'].includes(t)) throw new PkiDecodeError(`LDIF line ${l.line}: changetype ${t}`);
      this.#record.changetype = t as LdifRecord['changetype'];
      this.#inModify = t === 'modify';
      return;
    }
    // In a modify record, `add: attr` / `replace: attr` / `delete: attr` open a group; its values follow.
    if (this.#inModify && (lower === 'add' || lower === 'replace' || lower === 'delete')) return;
    const list = this.#record.attributes.get(name);
    if (list) list.push(value);
    else this.#record.attributes.set(name, [value]);
  }

  #endRecord(): void {
    if (this.#record) this.out.push(this.#record);
    this.#record = undefined;
    this.#inModify = false;
  }
}

/**
 * Reads LDIF from a stream of chunks (a `fs.createReadStream`, an HTTP body…) and yields each
 * record as soon as it is complete. Throws PkiDecodeError naming the line of the first fault.
 */
export async function* readLdif(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): AsyncGenerator<LdifRecord> {
  const parser = new Parser();
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let pending = '';
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let nl = pending.indexOf('\n');
    let start = 0;
    while (nl !== -1) {
      const line = pending.slice(start, nl);
      parser.line(line.endsWith('\r') ? line.slice(0, -1) : line);
      start = nl + 1;
      nl = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
    yield* parser.out.splice(0);
  }
  pending += decoder.decode();
  if (pending !== '') parser.line(pending.endsWith('\r') ? pending.slice(0, -1) : pending);
  parser.end();
  yield* parser.out.splice(0);
}
