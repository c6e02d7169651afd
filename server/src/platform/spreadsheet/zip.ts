/**
 * The uncompressed size a .xlsx (a zip) declares, read from its central directory without
 * inflating anything. exceljs holds a whole workbook in memory (about 15 bytes of heap per byte of
 * sheet XML), so a 20 MB upload that inflates to gigabytes (many rows, or a zip bomb) must be
 * refused before it is loaded. Answers undefined when the buffer is not a zip.
 */
export function declaredUncompressedSize(buffer: Uint8Array): number | undefined {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const eocdMin = 22;
  if (buffer.byteLength < eocdMin) return undefined;
  // End of central directory: signature 0x06054b50, searched backwards past a trailing comment.
  let eocd = -1;
  for (let i = buffer.byteLength - eocdMin; i >= Math.max(0, buffer.byteLength - eocdMin - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const entries = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (entries === 0xffff || offset === 0xffffffff) return Number.POSITIVE_INFINITY; // zip64: far beyond any limit here
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > buffer.byteLength || view.getUint32(offset, true) !== 0x02014b50) return undefined;
    const size = view.getUint32(offset + 24, true);
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += size;
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return total;
}
