/**
 * What a file's first bytes say it is, whatever its name: Word files passed along by e-mail are often renamed
 * (.doc ↔ .docx), and read-file.ts reads them by what they hold.
 */

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Whether `bytes` start with `magic`. */
function hasMagic(bytes: Uint8Array, magic: number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/** An OLE compound file: a Word 97–2003 .doc (and also .xls, .ppt, WPS's own files). */
export const isOleFile = (bytes: Uint8Array): boolean => hasMagic(bytes, OLE_MAGIC);

/** A zip archive: a .docx (and also .xlsx, .zip …). */
export const isZipFile = (bytes: Uint8Array): boolean => hasMagic(bytes, ZIP_MAGIC);
