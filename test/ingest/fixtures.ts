/**
 * Builders for test documents: a minimal PDF (standard Helvetica for ASCII text, a CID font with a ToUnicode map
 * for Chinese, at given positions), a
 * minimal zip container (for .docx), and temp folders. Written by hand so the tests need nothing beyond
 * node itself.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';

export interface PdfTextLine {
  x: number;
  y: number;
  size?: number;
  text: string;
}

export interface PdfPageSpec {
  lines: PdfTextLine[];
  /** Extra raw content stream operators (e.g. drawing), appended as is. */
  raw?: string;
}

function pdfString(s: string): string {
  return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A ToUnicode CMap that maps each 2-byte code (a UTF-16 code unit, under Identity-H) of `chars` to itself. */
function toUnicodeCMap(chars: Iterable<string>): string {
  const entries = [...new Set(chars)].map((ch) => {
    const hex = ch.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase();
    return `<${hex}> <${hex}>`;
  });
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin', '12 dict begin', 'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def', '/CMapName /Adobe-Identity-UCS def', '/CMapType 2 def',
    '1 begincodespacerange', '<0000> <FFFF>', 'endcodespacerange', ...blocks, 'endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end',
  ].join('\n');
}

/** A line's text as a content-stream string: Helvetica for ASCII, the CID font (UTF-16 codes, 1 em each) otherwise. */
function textOperator(l: PdfTextLine): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(l.text)) return `BT /F1 ${l.size ?? 12} Tf 1 0 0 1 ${l.x} ${l.y} Tm ${pdfString(l.text)} Tj ET`;
  const hex = [...l.text].map((ch) => ch.charCodeAt(0).toString(16).padStart(4, '0')).join('');
  return `BT /F2 ${l.size ?? 12} Tf 1 0 0 1 ${l.x} ${l.y} Tm <${hex}> Tj ET`;
}

/**
 * A valid PDF 1.4 with one text run per line, A4 pages. ASCII lines are set in Helvetica; any other line in a
 * non-embedded CID font (every character 1 em wide) whose ToUnicode map gives the text back, as Chinese PDFs do.
 */
export function makePdf(pages: PdfPageSpec[]): Buffer {
  const objects: string[] = [];
  const pageIds: number[] = [];
  // 1 catalog, 2 pages, 3 Helvetica, 4 CID font, 5 its descendant, 6 its ToUnicode, 7 its descriptor; then per page a page and a content stream.
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objects[4] = '<< /Type /Font /Subtype /Type0 /BaseFont /TestSong /Encoding /Identity-H /DescendantFonts [5 0 R] /ToUnicode 6 0 R >>';
  objects[5] = '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSong /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /CIDToGIDMap /Identity /FontDescriptor 7 0 R >>';
  // Without a descriptor pdfjs treats a font as a standard one and ignores its CMap.
  objects[7] = '<< /Type /FontDescriptor /FontName /TestSong /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>';
  const cmap = toUnicodeCMap(pages.flatMap((p) => p.lines.flatMap((l) => [...l.text])));
  objects[6] = `<< /Length ${Buffer.byteLength(cmap, 'latin1')} >>\nstream\n${cmap}\nendstream`;
  let next = 8;
  for (const page of pages) {
    const pageId = next++;
    const contentId = next++;
    pageIds.push(pageId);
    const ops = page.lines
      .map(textOperator)
      .concat(page.raw ? [page.raw] : [])
      .join('\n');
    objects[pageId] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${contentId} 0 R >>`;
    objects[contentId] = `<< /Length ${Buffer.byteLength(ops, 'latin1')} >>\nstream\n${ops}\nendstream`;
  }
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;

  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive (deflate) of the given files, as Word writes a .docx. */
export function makeZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, packed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/** The smallest .docx Word and mammoth accept: content types, package rels, and the document body XML. */
export function makeDocx(bodyXml: string): Buffer {
  return makeZip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '</Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      '</Relationships>',
    'word/document.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
      bodyXml +
      '</w:body></w:document>',
  });
}

/** A Word paragraph, optionally with a built-in style id (e.g. `Heading1`). */
export function wParagraph(text: string, style?: string): string {
  const props = style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : '';
  return `<w:p>${props}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
}

/** A Word table from rows of cell texts. */
export function wTable(rows: string[][]): string {
  return `<w:tbl>${rows.map((r) => `<w:tr>${r.map((c) => `<w:tc>${wParagraph(c)}</w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`;
}

/** The Word 97–2003 test document that LibreOffice wrote (test/fixtures/word97/README.md). */
export function word97Doc(): Buffer {
  return readFileSync(new URL('../fixtures/word97/taicang-zjtx.doc', import.meta.url));
}

/**
 * A copy of a .doc (an OLE compound file) whose directory's sector chain runs in a circle of two sectors: a reader that
 * follows the chain without checking for cycles (word-extractor only catches a sector pointing at itself) grows its
 * list of sectors until the heap is gone.
 */
export function withCircularSectorChain(doc: Buffer): Buffer {
  const b = Buffer.from(doc);
  const sectorSize = 1 << b.readUInt16LE(0x1e);
  const directory = b.readInt32LE(0x30);
  const firstFatSector = b.readInt32LE(0x4c);
  const fatEntry = (sector: number) => (firstFatSector + 1) * sectorSize + 4 * sector;
  const other = directory === 0 ? 1 : 0;
  b.writeInt32LE(other, fatEntry(directory));
  b.writeInt32LE(directory, fatEntry(other));
  return b;
}

/** A fresh temp folder and a function that removes it. */
export function tempDir(prefix = 'policylens-ingest-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
