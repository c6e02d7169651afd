import { type Static, Type } from '@sinclair/typebox';
import { Id } from '../../../platform/http/schemas';

const strict = { additionalProperties: false } as const;
const nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const CaseFileParams = Type.Object({ id: Id('案件 id') }, strict);
export type CaseFileParams = Static<typeof CaseFileParams>;

export const CatalogueEntryView = Type.Object(
  {
    seq: Type.Integer({ description: '卷内序号，按装订顺序 1..n 连续' }),
    group: Type.String({
      description: '装订分组代码（filing、investigation、notice、review、decision、service、execution、closing、other）',
    }),
    groupLabel: Type.String({ description: '装订分组：立案、调查取证、告知、陈述申辩、听证……' }),
    section: Type.String({ description: 'documents 执法文书，evidence 证据，av_records 音像记录' }),
    recordId: Type.String(),
    title: Type.String(),
    date: Type.String({ format: 'date' }),
    kind: Type.String({ description: '文书种类或证据种类' }),
    path: Type.String({ description: '在导出 .zip 中的路径' }),
    hashAlgorithm: Type.String(),
    hash: Type.String(),
    size: Type.Integer(),
    mimeType: Type.String(),
    metadata: Type.Record(Type.String(), Type.Unknown()),
    withdrawn: Type.Union([Type.Object({ at: Type.String(), by: Type.String(), reason: Type.String() }), Type.Null()], {
      description: '已撤回的记录仍在卷中，标明撤回',
    }),
  },
  strict,
);

export const CaseFileView = Type.Object(
  {
    caseId: Type.String(),
    number: nullable(Type.String()),
    final: Type.Boolean({ description: '案件处于其程序的办结状态（可归档）' }),
    archived: Type.Union([
      Type.Object(
        {
          at: Type.String({ format: 'date-time' }),
          by: Type.String(),
          manifestHash: Type.String({ description: 'manifest.json 的哈希，亦记入归档的全过程记录' }),
          hashAlgorithm: Type.String(),
          journalSeq: Type.Integer({ description: '归档的全过程记录序号' }),
        },
        strict,
      ),
      Type.Null(),
    ]),
    canArchive: Type.Boolean({ description: '调用者此刻可以归档' }),
    archiveRefusal: nullable(Type.String({ description: '不能归档的原因' })),
    catalogue: Type.Array(CatalogueEntryView, { description: '卷内目录：已归档的为归档时的目录，未归档的为此刻归档将装订的目录' }),
    downloadUrl: nullable(Type.String()),
  },
  strict,
);

export const ArchiveResultView = Type.Object(
  {
    caseId: Type.String(),
    journalSeq: Type.Integer(),
    manifestHash: Type.String(),
    files: Type.Integer(),
    caseFile: CaseFileView,
  },
  strict,
);

/** The .zip download, documented as a binary body so generated clients save a file. */
export const ZipFile = {
  description: '案卷 .zip（格式见 docs/case-file.md；Content-Disposition 给出中文文件名）',
  content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
} as const;
