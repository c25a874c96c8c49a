/**
 * `npx tsx scripts/corpus-table.ts [--index DIR]`
 * Prints an index's documents as a Markdown table — file, title, place, level and kind, type, date, paragraph
 * count — and then the files the build skipped, for the README and for checking metadata by eye. Reads only the
 * index's manifest and its SQLite documents table (no model, no vectors).
 */
import { basename, join } from 'node:path';
import { Command } from 'commander';
import { defaultIndexDir } from '../src/config.js';
import { DB_FILE } from '../src/index/build.js';
import { readManifest } from '../src/index/manifest.js';
import { StoreReader } from '../src/index/store.js';
import { UNLABELED_PLACE } from '../src/search/places.js';
import { levelLabel } from '../src/server/view.js';

const program = new Command().option('--index <dir>', 'index folder', defaultIndexDir());
program.parse();
const { index } = program.opts<{ index: string }>();

const manifest = readManifest(index);
if (!manifest) {
  console.error(`No index in ${index}. Build one with \`npm run index -- --out ${index}\`.`);
  process.exit(1);
}
const store = new StoreReader(join(index, manifest.build, DB_FILE));
const paragraphs = new Map(manifest.documents.map((d) => [d.id, d.paragraphs]));

/** A table cell: no pipes or line breaks, `—` for nothing. */
const cell = (s: string | number | null | undefined) => (s === null || s === undefined || s === '' ? '—' : String(s).replace(/\|/g, '\\|').replace(/\s+/g, ' '));

const lines = ['| file | title | place | level | type | date | paragraphs |', '|---|---|---|---|---|---|---:|'];
for (const d of store.documents()) {
  // A district's column name already carries its city (广州市天河区); other places get their parent in brackets.
  const place = d.city ? `${d.city}${d.parent && !d.city.startsWith(d.parent) ? `（${d.parent}）` : ''}` : UNLABELED_PLACE;
  const level = [levelLabel(d.level), d.placeKind].filter(Boolean).join(' · ');
  // A regulation adopted by one congress and approved by another shows both acts.
  const date = d.adoptedDate && d.approvedDate ? `${d.date}（通过 ${d.adoptedDate}，批准 ${d.approvedDate}）` : d.date;
  lines.push(`| ${[d.file, d.title, place, level, d.docType, date, paragraphs.get(d.id)].map(cell).join(' | ')} |`);
}
store.close();
console.log(lines.join('\n'));
if (manifest.skipped.length) {
  console.log('\nSkipped:\n');
  for (const k of manifest.skipped) console.log(`- ${basename(k.file)}: [${k.code}] ${k.message}${k.kept ? ' (the version indexed before is kept)' : ''}`);
}
