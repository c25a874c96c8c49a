/**
 * What a build says about the files it indexed, besides those it skipped (src/index/manifest.ts FileWarning): the
 * run prints it, the index keeps it, the corpus page (/docs) lists it. Pure, over the documents' metadata and paths.
 *
 * Two documents that look like one document twice. A librarian who edits 05-yangzhou-levels.txt (最高1000万元 →
 * 1200万元) beside its old copy 05-yangzhou-levels - 副本.txt had two live documents: the copy, no longer the same
 * text, was no FILE_DUPLICATE any more, the run said only `added: 05-yangzhou-levels - 副本.txt`, and a search ranked
 * the stale 1000万元 first. Two documents are named together when they carry the same 文号 (folded as a query's is:
 * width, script, brackets, spaces; a number that names no document alone, such as a 令's 第12号, does not count), or
 * the same title and the same date. They stay indexed, both: which one is current is the librarian's call.
 *
 * A corpus-manifest entry whose `file` is a bare name applies to every file of that name under its folder
 * (entryOf in build.ts): `丽水市数字经济政策.txt` gave the 2024 document's 文号 to the 2023 one in another subfolder,
 * without a word. It still applies to each (an entry for 通知.txt may mean them all), and is named, with the fix.
 */
import { basename, join, relative } from 'node:path';
import { toSimplified } from '../text/script.js';
import { foldWidth } from '../text/segment.js';
import type { FileWarning } from './manifest.js';

/** What telling two documents apart reads of each. */
export interface DocumentIdentity {
  /** Absolute path. */
  path: string;
  title: string | null;
  date: string | null;
  docNumber: string | null;
}

/**
 * A file's path as a librarian finds it: relative to the input folder it lies in (its base name when none holds it).
 * @example shownPath('/data/in/2024年报送/通知.txt', ['/data/in']) // '2024年报送/通知.txt'
 */
export function shownPath(file: string, inputs: readonly string[]): string {
  const input = inputs.find((dir) => file.startsWith(`${dir}/`));
  return input ? file.slice(input.length + 1) : basename(file);
}

/** Text folded for comparison: simplified script, half-width, one kind of bracket, no spaces or quotes. */
function fold(text: string): string {
  return foldWidth(toSimplified(text))
    .replace(/[〔【［\[（(]/gu, '(')
    .replace(/[〕】］\]）)]/gu, ')')
    .replace(/[\s《》“”"'‘’「」]/gu, '');
}

/**
 * A 文号 folded for comparison, or null when it names no document alone: a bare `第12号` (a 令's number without its
 * issuer) is shared by every city's twelfth 令.
 * @example numberKey('扬府发〔2024〕12号') === numberKey('扬府发[2024] 12号') // true
 * @example numberKey('第12号') // null
 */
export function numberKey(docNumber: string | null): string | null {
  if (!docNumber) return null;
  const key = fold(docNumber).replace(/\((\d{4})\)第(\d+号)/u, '($1)$2');
  return /^第?\d+号$/u.test(key) ? null : key;
}

/**
 * Documents that look like one document twice, one warning per group: the same 文号, else the same title and date.
 * `inputs` names the files as the corpus page shows them. Sorted by path; a group named by its 文号 is not named
 * again by its title.
 * @example sameDocumentWarnings([{ path: '/in/a.txt', title: 'T', date: '2024-03-08', docNumber: '扬府发〔2024〕12号' }, { path: '/in/a - 副本.txt', … }], ['/in'])
 * // [{ file: '/in/a - 副本.txt', code: 'SAME_DOCUMENT', others: ['/in/a.txt'], message: 'a - 副本.txt and a.txt are both 扬府发〔2024〕12号 …' }]
 */
export function sameDocumentWarnings(docs: readonly DocumentIdentity[], inputs: readonly string[]): FileWarning[] {
  const sorted = [...docs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const warnings: FileWarning[] = [];
  const named = new Set<string>();
  const groups = (key: (d: DocumentIdentity) => string | null) => {
    const byKey = new Map<string, DocumentIdentity[]>();
    for (const d of sorted) {
      const k = key(d);
      if (k === null || named.has(d.path)) continue;
      byKey.set(k, [...(byKey.get(k) ?? []), d]);
    }
    return [...byKey.values()].filter((g) => g.length > 1);
  };
  const warn = (group: DocumentIdentity[], what: string) => {
    for (const d of group) named.add(d.path);
    const files = group.map((d) => shownPath(d.path, inputs));
    const both = group.length === 2 ? 'both' : `all ${group.length}`;
    const are = group.length === 2 ? 'are both' : 'are all';
    warnings.push({
      file: group[0]!.path,
      code: 'SAME_DOCUMENT',
      others: group.slice(1).map((d) => d.path),
      message: `${files.slice(0, -1).join(', ')} and ${files.at(-1)} ${are} ${what}: one document ${group.length === 2 ? 'twice' : `${group.length} times`} (an edited original and an old copy?), ${both} indexed and found by search. Remove the one that is not current and run the index again; if they are different documents, correct the 文号 or title in manifest.json.`,
    });
  };
  for (const g of groups((d) => numberKey(d.docNumber))) warn(g, `${g[0]!.docNumber}`);
  for (const g of groups((d) => (d.title && d.date ? `${fold(d.title)}\u0000${d.date}` : null))) warn(g, `《${g[0]!.title}》 of ${g[0]!.date}`);
  return warnings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/**
 * Entries of the corpus manifest in `dir` whose bare file name (no folder) applies to more than one file under it, as
 * entryOf reads them: a file whose own path has an entry takes that one. `keys` are the entries' `file`s, `files` the
 * documents found under `dir` (absolute).
 * @example ambiguousEntries('/in', ['通知.txt'], ['/in/2023/通知.txt', '/in/2024/通知.txt'])
 * // [{ file: '/in/manifest.json', code: 'MANIFEST_AMBIGUOUS', others: ['/in/2023/通知.txt', '/in/2024/通知.txt'], message: … }]
 */
export function ambiguousEntries(dir: string, keys: Iterable<string>, files: readonly string[]): FileWarning[] {
  const own = new Set(keys);
  const warnings: FileWarning[] = [];
  for (const key of own) {
    if (key.includes('/')) continue;
    const matched = files.filter((f) => basename(f) === key && !own.has(relative(dir, f))).sort();
    if (matched.length < 2) continue;
    const paths = matched.map((f) => relative(dir, f));
    warnings.push({
      file: join(dir, 'manifest.json'),
      code: 'MANIFEST_AMBIGUOUS',
      others: matched,
      message: `${join(dir, 'manifest.json')}: the entry for "${key}" applies to ${matched.length} files of that name: ${paths.join(', ')}. Write the file's folder in its "file" ("${paths[0]}") to mean one, and give each its own entry.`,
    });
  }
  return warnings;
}
