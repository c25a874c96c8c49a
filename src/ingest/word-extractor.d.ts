/**
 * The part of word-extractor 1.0.4 (no types of its own) that doc.ts uses. @types/word-extractor leaves out
 * getBody's options, and `filterUnicode: false` is what keeps Chinese curly quotes (lib/document.js).
 */
declare module 'word-extractor' {
  interface WordDocument {
    /** The body text; with `filterUnicode` (the default) curly quotes and dashes become ASCII. */
    getBody(options?: { filterUnicode?: boolean }): string;
  }
  class WordExtractor {
    /** A file path, or the file's bytes. */
    extract(source: string | Buffer): Promise<WordDocument>;
  }
  export default WordExtractor;
}
