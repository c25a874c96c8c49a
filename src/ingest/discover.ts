/**
 * Finding the documents in the input folders a user points us at.
 */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { createError } from '../errors.js';
import { CORPUS_MANIFEST } from './corpus-manifest.js';

/** The formats we read. */
export type SourceFormat = 'txt' | 'md' | 'html' | 'pdf' | 'docx' | 'doc';

const FORMAT_BY_EXTENSION: Record<string, SourceFormat> = {
  '.txt': 'txt',
  '.md': 'md',
  '.markdown': 'md',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.doc': 'doc',
};

/** Extensions (lower case, with the dot) of the files we read. */
export const SUPPORTED_EXTENSIONS: string[] = Object.keys(FORMAT_BY_EXTENSION);

/** The format a file name's extension stands for (case-insensitive), or null when we do not read it. */
export function formatOfPath(file: string): SourceFormat | null {
  return FORMAT_BY_EXTENSION[path.extname(file).toLowerCase()] ?? null;
}

/** Folders that hold no documents of the user's: our own index, dependencies, version control. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'index', '.git']);

/**
 * Names of the notes a folder of downloads carries about itself (README.md, SOURCES.md, LICENSE.txt, README.zh-CN.md,
 * LICENSE-MIT …), whatever the extension and case: they describe the documents, they are not policies. `../shared/external/SOURCES.md`
 * (a list of the thirteen files' origins) was indexed as a 105-paragraph document titled after the first policy it
 * lists, and reached the top 10 of 3 of the 35 tune-external queries. Named as an input itself, such a file is read.
 */
const FOLDER_NOTES = /^(?:readme|sources|license|licence|changelog|notice|contributing|authors)(?:[._-][a-z]{2,3}(?:[-_][a-z]{2,4})?)?$/iu;

/** Whether a file found in a folder is one of its notes about itself rather than a document (see FOLDER_NOTES). */
export function isFolderNote(file: string): boolean {
  return FOLDER_NOTES.test(path.basename(file, path.extname(file)));
}

export interface DiscoveredDocument {
  /** Absolute path. */
  path: string;
  /** Base name. */
  file: string;
  format: SourceFormat;
}

/** Why a file in an input folder is not read, for the ones no other list names. */
export type IgnoredReason = 'folder-note' | 'not-a-file' | 'dangling-link';

/** A file the indexer passes over without reading it, and why. */
export interface IgnoredFile {
  /** Absolute path. */
  path: string;
  reason: IgnoredReason;
}

/**
 * List the supported documents under the input folders, recursively, sorted by path. Dotfiles and
 * dot-folders, `node_modules`, `index` and `.git` are skipped; files of other types, and a folder's notes about
 * itself (README, SOURCES, LICENSE …), are ignored. An input may also be a single file, which is read whatever its name. A file reachable twice (overlapping inputs, links) is listed once.
 * A link to a document that is gone (a share or drive that went away) is listed all the same: reading it fails, so
 * the run names it and keeps the version an earlier build indexed, where it had dropped out as if deleted.
 * Throws INPUT_MISSING for an input that does not exist.
 *
 * @example
 * discoverDocuments(['corpus']) // → [{ path: '/…/corpus/a.pdf', file: 'a.pdf', format: 'pdf' }, …]
 */
export function discoverDocuments(dirs: string[]): DiscoveredDocument[] {
  const found = new Map<string, DiscoveredDocument>();
  const add = (p: string, real: string, format: SourceFormat) => {
    if (!found.has(real)) found.set(real, { path: p, file: path.basename(p), format });
  };
  walkInputs(
    dirs,
    (p, named) => {
      const format = formatOfPath(p);
      if (!format || (!named && isFolderNote(p))) return;
      let real: string;
      try {
        real = realpathSync(p);
      } catch {
        real = p; // gone between the listing and now: reading it says so
      }
      add(p, real, format);
    },
    (p, reason) => {
      const format = formatOfPath(p);
      if (reason === 'dangling-link' && format && !isFolderNote(p)) add(p, p, format);
    },
  );
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The files in the input folders the indexer passes over that no other list names, each with why: a folder's note
 * about itself that would otherwise be read (Notice.txt, README.md: see FOLDER_NOTES), something that is not a
 * regular file (a FIFO, a socket, a device), and a dangling link to a file of a type not read (a link to a document
 * is a document, {@link discoverDocuments}). Each had dropped out without a word. Sorted by path; nothing under
 * `exclude` (the index being written).
 * @example ignoredFiles(['corpus']) // [{ path: '/…/corpus/Notice.txt', reason: 'folder-note' }]
 */
export function ignoredFiles(dirs: string[], exclude: string[] = []): IgnoredFile[] {
  const skipped = exclude.map((d) => path.resolve(d) + path.sep);
  const ignored = new Map<string, IgnoredReason>();
  walkInputs(
    dirs,
    (p, named) => {
      if (!named && formatOfPath(p) && isFolderNote(p)) ignored.set(p, 'folder-note');
    },
    (p, reason) => {
      if (reason === 'not-a-file' || !formatOfPath(p)) ignored.set(p, reason);
    },
  );
  return [...ignored]
    .filter(([p]) => !skipped.some((d) => p.startsWith(d)))
    .map(([p, reason]) => ({ path: p, reason }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The files in the input folders that are not read because of their type (.wps, .xls, .ofd, images, archives …), sorted,
 * so that the indexer can say so instead of leaving a user to wonder where a document went. A folder's notes,
 * dotfiles and the skipped folders are not listed, nor a folder's `manifest.json` (the facts about its documents, read
 * as such), nor anything under `exclude` (the index being written, when its folder lies inside an input). Throws INPUT_MISSING as {@link discoverDocuments} does.
 * @example otherFiles(['corpus'], ['corpus/out']) // → ['/…/corpus/附件1.wps', '/…/corpus/附件2.xlsx']
 */
export function otherFiles(dirs: string[], exclude: string[] = []): string[] {
  const skipped = exclude.map((d) => path.resolve(d) + path.sep);
  const other = new Set<string>();
  walkInputs(dirs, (p, named) => {
    if (formatOfPath(p) || path.basename(p) === CORPUS_MANIFEST) return;
    if ((named || !isFolderNote(p)) && !skipped.some((d) => p.startsWith(d))) other.add(p);
  });
  return [...other].sort();
}

/**
 * Calls `onFile` for every file under the inputs (`named` for an input that is a file itself), and `onOther` for an
 * entry that is neither a file nor a folder (a FIFO, a socket, a device: `not-a-file`) or a link to nothing
 * (`dangling-link`); see discoverDocuments.
 */
function walkInputs(dirs: string[], onFile: (p: string, named: boolean) => void, onOther: (p: string, reason: 'not-a-file' | 'dangling-link') => void = () => {}): void {
  const visitedDirs = new Set<string>();
  const visit = (dir: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    if (visitedDirs.has(real)) return; // a link back up the tree
    visitedDirs.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing we can list
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const p = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const s = statSync(p);
          isDir = s.isDirectory();
          isFile = s.isFile();
        } catch {
          onOther(p, 'dangling-link');
          continue;
        }
      }
      if (isDir) {
        if (!SKIPPED_FOLDERS.has(entry.name)) visit(p);
      } else if (isFile) {
        onFile(p, false);
      } else {
        onOther(p, 'not-a-file');
      }
    }
  };

  for (const input of dirs) {
    const abs = path.resolve(input);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      throw createError('INPUT_MISSING', `Input folder ${input} does not exist (looked for ${abs}): check the path or create the folder.`);
    }
    if (stat.isDirectory()) visit(abs);
    else if (stat.isFile()) onFile(abs, true);
  }
}
