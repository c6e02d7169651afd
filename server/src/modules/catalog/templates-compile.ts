/**
 * Compiling a .docx template with docxtemplater (ADR 0010): the placeholders it uses, checked
 * against those the instrument may use, and rendering it with a document's data. Pure apart from
 * the bytes in and out.
 */
import { createRequire } from 'node:module';
import type Docxtemplater from 'docxtemplater';
import type InspectModuleType from 'docxtemplater/js/inspect-module.js';
import type PizZip from 'pizzip';
import { AppError } from '../../platform/errors';

// docxtemplater and pizzip (~18 MiB) load at the first template or document, not when the server
// starts: an idle server stays small (bench/uploads, issue 9)
const requireLazily = createRequire(import.meta.url);
let libs: { Docxtemplater: typeof Docxtemplater; PizZip: typeof PizZip; InspectModule: typeof InspectModuleType } | undefined;
function docx() {
  libs ??= {
    Docxtemplater: requireLazily('docxtemplater'),
    PizZip: requireLazily('pizzip'),
    InspectModule: requireLazily('docxtemplater/js/inspect-module.js'),
  };
  return libs;
}

import { allowedPlaceholders } from './templates-instruments';

type Tags = Record<string, Record<string, unknown>>;

function open(bytes: Buffer, modules: unknown[] = []) {
  const { Docxtemplater, PizZip } = docx();
  let zip: PizZip;
  try {
    zip = new PizZip(bytes);
  } catch {
    throw new AppError('VALIDATION_FAILED', '模板不是有效的 .docx 文件', { fields: [{ field: 'uploadId', message: '不是 .docx 文件' }] });
  }
  try {
    // paragraphLoop: a condition spanning whole paragraphs leaves no empty paragraph; linebreaks: \n in a field is a line break
    return new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true, modules: modules as never[], nullGetter: () => '' });
  } catch (e) {
    const errors = ((e as { properties?: { errors?: { properties?: { explanation?: string } }[] } }).properties?.errors ?? []).map(
      (x) => x.properties?.explanation ?? '',
    );
    throw new AppError('INPUT_INVALID', `模板无法编译：${errors.filter(Boolean).join('；') || (e as Error).message}`, { errors });
  }
}

/** The placeholders a template uses: top-level names and, for loops, the names inside them. */
export function templatePlaceholders(bytes: Buffer): { top: string[]; loops: Record<string, string[]> } {
  const inspect = new (docx().InspectModule)();
  open(bytes, [inspect]);
  const tags = inspect.getAllTags() as Tags;
  const loops: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(tags)) if (v && Object.keys(v).length) loops[k] = Object.keys(v);
  return { top: Object.keys(tags), loops };
}

/** The placeholders of `bytes` an instrument `code` may not use (empty when the template is fit). */
export function unknownPlaceholders(code: string, bytes: Buffer): string[] {
  const used = templatePlaceholders(bytes);
  const allowed = allowedPlaceholders(code);
  const bad = used.top.filter((t) => !allowed.top.has(t));
  for (const [loop, inner] of Object.entries(used.loops)) {
    const ok = allowed.loops[loop];
    // a condition section ({#hearingOffered}…) nests no names of its own; inside a loop the row's names and the common ones resolve
    for (const t of inner) if (!(ok?.has(t) || allowed.top.has(t))) bad.push(`${loop}.${t}`);
  }
  return [...new Set(bad)];
}

/**
 * Characters XML 1.0 cannot hold (control characters a paste from Word or a PDF brings) and the
 * bidirectional overrides that make "照片\u202Egnp.exe" read as "照片exe.png": dropped from every text
 * before it enters the document, which otherwise failed with docxtemplater's bare "Multi error".
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const unprintable = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/g;

export function printableData(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(unprintable, '');
  if (Array.isArray(value)) return value.map(printableData);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printableData(v)]));
  return value;
}

/** Fills a template with a document's data (docxtemplater), answering the .docx bytes. */
export function renderTemplate(bytes: Buffer, data: Record<string, unknown>): Buffer {
  const doc = open(bytes);
  try {
    doc.render(printableData(data));
  } catch (e) {
    throw new AppError('INPUT_INVALID', `文书模板填充失败：${(e as Error).message}`, {});
  }
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' }) as Buffer;
}
