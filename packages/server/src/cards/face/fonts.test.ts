// The memoised shaping (fonts.ts) against fontkit's layout of the whole text, and the PDF's font
// subsets (pdf-fonts.ts) beyond the Vietnamese repertoire, as poppler reads them.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fonts, shapeText, type FontName } from './fonts.ts';
import type { CardSide } from './layout.ts';
import { renderPdf } from './pdf.ts';

const TEXTS = [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'NGUYỄN THỊ ÁNH TUYẾT', 'Nguyễn  Thị Ánh Tuyết ',
  'Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội', 'AVAT Ta To Ty LT Yo', "Y. Ây T'a f. ff fi fl office", 'IDVNM0900012341001090001234<<<', '',
];

test('a text shaped word by word is the text shaped whole: the same glyphs, the same advance', () => {
  for (const font of ['regular', 'bold', 'mono'] as FontName[]) {
    const f = fonts()[font].font as unknown as { layout(t: string): { glyphs: Array<{ id: number }>; advanceWidth: number } };
    for (const text of TEXTS) {
      const whole = f.layout(text);
      const ours = shapeText(text, font);
      assert.deepEqual(ours.glyphs.map((g) => g.id), whole.glyphs.map((g) => g.id), `${font}: ${JSON.stringify(text)}`);
      assert.equal(ours.advance, whole.advanceWidth, `${font}: ${JSON.stringify(text)}`);
    }
  }
});

test('text beyond the Vietnamese repertoire gets its glyphs into the subset and extracts; poppler finds nothing to complain of', async () => {
  const side = (text: string): CardSide => ({ ops: [{ kind: 'text', x: 2, y: 10, text, size: 2, font: 'regular', color: [0, 0, 0] }, { kind: 'text', x: 2, y: 20, text: 'Đặng Thị Ửng', size: 2, font: 'bold', color: [0, 0, 0] }] });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cancuoc-pdf-fonts-'));
  for (const text of ['Lê Văn “Tèo” – ½ € Ω', 'plain ASCII only']) {
    const file = path.join(dir, `${text.length}.pdf`);
    writeFileSync(file, await renderPdf([side(text)], { title: 'thử' }));
    const out = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC');
    assert.ok(out.includes(text), `pdftotext finds ${JSON.stringify(text)} in ${JSON.stringify(out)}`);
    assert.ok(out.includes('Đặng Thị Ửng'));
    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
    assert.equal(info.status, 0);
    assert.equal(info.stderr, '', 'no syntax errors');
    assert.match(info.stdout, /Title:\s+thử/);
  }
});
