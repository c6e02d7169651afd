import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ColumnSpec } from '../src/platform/spreadsheet';
import {
  convertCell,
  defineSheet,
  exportWorkbook,
  normalizeHeader,
  parseWorkbook,
  splitList,
  templateWorkbook,
} from '../src/platform/spreadsheet';
import { declaredUncompressedSize } from '../src/platform/spreadsheet/zip';

// Issue 3 §5: the form agencies already keep (Chinese headers); every row checked; problems as
// row / column / value / reason. Pure: no store.

interface Officer {
  name: string;
  certificateNumber: string;
  post: string | null;
  hours: number | null;
  fine: number | null;
  issuedOn: string | null;
  validUntil: string | null;
  status: string;
  domains: string[];
}

const statusOptions = [
  { id: 'green', label: '绿色（正常）' },
  { id: 'yellow', label: '黄色（暂扣）' },
  { id: 'red', label: '红色（注销）' },
];

const officerSheet = defineSheet<Officer>({
  columns: [
    { header: '姓名', key: 'name', type: 'text', required: true, maxLength: 20 },
    { header: '执法证号', key: 'certificateNumber', type: 'text', required: true, unique: true, maxLength: 30 },
    { header: '职务', key: 'post', type: 'text', maxLength: 20 },
    { header: '培训学时', key: 'hours', type: 'integer', min: 0, max: 200 },
    { header: '罚款金额（元）', key: 'fine', type: 'decimal', min: 0, scale: 2 },
    { header: '发证日期', key: 'issuedOn', type: 'date' },
    {
      header: '有效期至',
      key: 'validUntil',
      type: 'date',
      validate: (value, row) => (value && row.issuedOn && value < row.issuedOn ? '有效期不能早于发证日期' : undefined),
    },
    { header: '证件状态', key: 'status', type: 'enum', required: true, options: statusOptions },
    {
      header: '执法领域',
      key: 'domains',
      type: 'list',
      options: [
        { id: 'market', label: '市场监管' },
        { id: 'food', label: '食品安全' },
      ],
    },
  ],
});

const col = (c: Partial<ColumnSpec>): ColumnSpec => ({ header: '列', key: 'k', type: 'text', ...c });
const xDate = (s: string) => new Date(`${s}T00:00:00Z`);

describe('convertCell: one cell by its column type', () => {
  const cases: [string, ColumnSpec, unknown, { value: unknown } | { reason: string }][] = [
    ['empty optional text', col({}), null, { value: null }],
    ['empty required', col({ required: true }), '  ', { reason: '必填项，不能为空' }],
    ['text trimmed (full-width space)', col({}), '\u3000张伟 ', { value: '张伟' }],
    ['text from a number', col({}), 12345, { value: '12345' }],
    [
      '18-digit number Excel already rounded',
      col({}),
      Number('110101199003071234'), // what Excel keeps of an ID number typed into a General cell
      { reason: '数字位数过多，Excel 已按数值保存而丢失末尾数字；请把该列设为“文本”格式后重新输入' },
    ],
    ['text too long, counted in characters', col({ maxLength: 3 }), '市场监管', { reason: '不能超过 3 个字（现有 4 个）' }],
    ['rich text', col({}), { richText: [{ text: '食品' }, { text: '安全' }] }, { value: '食品安全' }],
    ['formula gives its result', col({ type: 'integer' }), { formula: 'A1+1', result: 7 }, { value: 7 }],
    ['hyperlink gives its text', col({}), { text: '链接', hyperlink: 'https://example.org' }, { value: '链接' }],
    ['error cell', col({}), { error: '#N/A' }, { reason: '单元格为错误值 #N/A，请改为实际内容' }],
    ['integer as number', col({ type: 'integer' }), 30, { value: 30 }],
    ['integer stored as text', col({ type: 'integer' }), ' 30 ', { value: 30 }],
    ['integer in full-width digits with a separator', col({ type: 'integer' }), '１,０００', { value: 1000 }],
    ['integer refuses a fraction', col({ type: 'integer' }), 2.5, { reason: '应为整数' }],
    ['integer refuses words', col({ type: 'integer' }), '三十', { reason: '应为整数' }],
    ['integer below min', col({ type: 'integer', min: 0 }), -1, { reason: '不能小于 0' }],
    ['integer above max', col({ type: 'integer', max: 200 }), '201', { reason: '不能大于 200' }],
    ['decimal stored as text', col({ type: 'decimal' }), '5,000.50', { value: 5000.5 }],
    ['decimal scale', col({ type: 'decimal', scale: 2 }), 12.345, { reason: '最多保留 2 位小数' }],
    ['decimal trailing zeros are fine', col({ type: 'decimal', scale: 2 }), '12.300', { value: 12.3 }],
    ['decimal refuses a date', col({ type: 'decimal' }), xDate('2026-03-02'), { reason: '应为数字，不是日期' }],
    ['Excel date', col({ type: 'date' }), xDate('2026-03-02'), { value: '2026-03-02' }],
    ['Excel date a millisecond early', col({ type: 'date' }), new Date(Date.UTC(2026, 2, 2) - 1), { value: '2026-03-02' }],
    ['serial day number', col({ type: 'date' }), 46083, { value: '2026-03-02' }],
    ['yyyymmdd as a number', col({ type: 'date' }), 20260302, { value: '2026-03-02' }],
    ['text date with slashes', col({ type: 'date' }), '2026/3/2', { value: '2026-03-02' }],
    ['text date with dots', col({ type: 'date' }), '2026.03.02', { value: '2026-03-02' }],
    ['Chinese date', col({ type: 'date' }), '2026年3月2日', { value: '2026-03-02' }],
    ['impossible date', col({ type: 'date' }), '2026-02-30', { reason: '应为日期，格式如 2026-03-02（也可写 2026/3/2、2026年3月2日）' }],
    ['words in a date column', col({ type: 'date' }), '长期', { reason: '应为日期，格式如 2026-03-02（也可写 2026/3/2、2026年3月2日）' }],
    ['enum by label', col({ type: 'enum', options: statusOptions }), '黄色（暂扣）', { value: 'yellow' }],
    ['enum by id', col({ type: 'enum', options: statusOptions }), 'red', { value: 'red' }],
    [
      'enum unknown',
      col({ type: 'enum', options: statusOptions }),
      '蓝色',
      { reason: '应为以下之一：绿色（正常）、黄色（暂扣）、红色（注销）' },
    ],
    ['list with 、 and ；', col({ type: 'list' }), '市场监管、食品安全；药品', { value: ['市场监管', '食品安全', '药品'] }],
    ['list duplicates dropped', col({ type: 'list' }), '市场监管、市场监管', { value: ['市场监管'] }],
    ['empty list', col({ type: 'list' }), null, { value: [] }],
    ['required list of only separators', col({ type: 'list', required: true }), '、；', { reason: '必填项，不能为空' }],
    [
      'list item not an option',
      col({ type: 'list', options: [{ id: 'market', label: '市场监管' }] }),
      '市场监管、税务',
      { reason: '“税务”不在可选范围内（市场监管）；多项之间用“、”或“；”分隔' },
    ],
    ['list item too long', col({ type: 'list', maxLength: 2 }), '市场监管', { reason: '“市场监管”超过 2 个字' }],
  ];
  it.each(cases)('%s', (_name, column, raw, expected) => {
    const result = convertCell(column, raw);
    if ('value' in expected) expect(result).toEqual({ ok: true, value: expected.value });
    else expect(result).toEqual({ ok: false, reason: expected.reason });
  });

  it.each([
    ['*姓名', '姓名'],
    ['姓 名', '姓名'],
    ['执法证号\n（必填）', '执法证号'],
    ['职务(选填)', '职务'],
  ])('header %j compares as %j', (raw, name) => {
    expect(normalizeHeader(raw)).toBe(name);
  });

  it('splitList', () => {
    expect(splitList(' a 、b；c;d\ne ')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

/** A workbook built by hand, as an agency's own file would be. */
async function sheetOf(rows: unknown[][], setup?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  setup?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const header = ['姓名', '执法证号', '职务', '培训学时', '罚款金额（元）', '发证日期', '有效期至', '证件状态', '执法领域'];

describe('parseWorkbook: every row checked, problems as Excel shows them', () => {
  it('a template round-trips: template → fill in → parse gives the typed rows', async () => {
    const template = await templateWorkbook(officerSheet, '执法人员', {
      notes: ['证件状态按司法局核发情况填写。'],
      examples: [{ name: '张伟', certificateNumber: '14010001', status: 'green', domains: ['market'] }],
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['执法人员', '选项', '填写说明']);
    const ws = wb.getWorksheet('执法人员')!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '*姓名',
      '*执法证号',
      '职务',
      '培训学时',
      '罚款金额（元）',
      '发证日期',
      '有效期至',
      '*证件状态',
      '执法领域',
    ]);
    expect(ws.getCell('H1').note).toContain('可选：绿色（正常）、黄色（暂扣）、红色（注销）');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    // drop-down on the status column, fed from the hidden options sheet
    const validations = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    for (const cell of ['H2', 'H10001']) expect(validations[cell]).toMatchObject({ type: 'list', formulae: ['选项!$A$2:$A$4'] });
    expect(validations.G2).toBeUndefined();
    // an agency fills in two rows, the way Excel stores what people type
    ws.addRow(['张伟', '14010001', '科长', 32, 500, xDate('2024-01-15'), xDate('2029-01-14'), '绿色（正常）', '市场监管、食品安全']);
    ws.addRow(['李娜', '14010002', null, '28', '1,000.5', '2024/2/1', '2029年1月31日', '黄色（暂扣）', null]);
    const filled = Buffer.from(await wb.xlsx.writeBuffer());

    const parsed = await parseWorkbook(filled, officerSheet);
    expect(parsed.problems).toEqual([]); // the instructions sheet's example row is never read as data
    expect(parsed.rowNumbers).toEqual([2, 3]);
    expect(parsed.rows).toEqual([
      {
        name: '张伟',
        certificateNumber: '14010001',
        post: '科长',
        hours: 32,
        fine: 500,
        issuedOn: '2024-01-15',
        validUntil: '2029-01-14',
        status: 'green',
        domains: ['market', 'food'],
      },
      {
        name: '李娜',
        certificateNumber: '14010002',
        post: null,
        hours: 28,
        fine: 1000.5,
        issuedOn: '2024-02-01',
        validUntil: '2029-01-31',
        status: 'yellow',
        domains: [],
      },
    ]);
  });

  it('an export parses back to the same rows', async () => {
    const rows: Officer[] = [
      {
        name: '王芳',
        certificateNumber: '0012',
        post: null,
        hours: 60,
        fine: 2000.25,
        issuedOn: '2025-06-30',
        validUntil: null,
        status: 'red',
        domains: ['food'],
      },
    ];
    const parsed = await parseWorkbook(await exportWorkbook(officerSheet, rows, '执法人员'), officerSheet);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual(rows);
  });

  it('reports every problem of every row: row as Excel shows it, the Chinese header, the value, the reason', async () => {
    const buffer = await sheetOf([
      header,
      ['张伟', 'A1', null, 30, null, null, null, '绿色（正常）', null],
      ['', 'A2', null, '三十', null, '2024-01-15', '2023-01-01', '蓝色', null],
      ['李娜', 'A1', null, null, 12.345, null, null, 'green', '市场监管、税务'],
    ]);
    const { problems } = await parseWorkbook(buffer, officerSheet);
    expect(problems).toEqual([
      { row: 3, column: '姓名', value: '', reason: '必填项，不能为空' },
      { row: 3, column: '培训学时', value: '三十', reason: '应为整数' },
      { row: 3, column: '有效期至', value: '2023-01-01', reason: '有效期不能早于发证日期' },
      { row: 3, column: '证件状态', value: '蓝色', reason: '应为以下之一：绿色（正常）、黄色（暂扣）、红色（注销）' },
      { row: 4, column: '执法证号', value: 'A1', reason: '与第 2 行重复' },
      { row: 4, column: '罚款金额（元）', value: '12.345', reason: '最多保留 2 位小数' },
      {
        row: 4,
        column: '执法领域',
        value: '市场监管、税务',
        reason: '“税务”不在可选范围内（市场监管、食品安全）；多项之间用“、”或“；”分隔',
      },
    ]);
  });

  it('unknown, repeated and missing required headers are reported; 序号 is skipped; missing optional columns are empty', async () => {
    const buffer = await sheetOf([
      ['序号', '姓名', '身份证号', '证件状态', '姓名'],
      [1, '张伟', '110101199003071234', '绿色（正常）', '张伟'],
    ]);
    const { problems } = await parseWorkbook(buffer, officerSheet);
    expect(problems).toEqual([
      { row: 1, column: '身份证号', value: '身份证号', reason: '无法识别的列“身份证号”，请使用模板中的列名' },
      { row: 1, column: '姓名', value: '姓名', reason: '列“姓名”重复出现' },
      { row: 1, column: '执法证号', value: '', reason: '缺少必填列“执法证号”' },
    ]);
    const ok = await parseWorkbook(
      await sheetOf([
        ['序号', '姓名', '执法证号', '证件状态'],
        [1, '张伟', 'Z1', '绿色（正常）'],
      ]),
      officerSheet,
    );
    expect(ok.problems).toEqual([]);
    expect(ok.rows[0]).toMatchObject({ name: '张伟', post: null, hours: null, domains: [] });
  });

  it('a title row above the header, pre-numbered empty rows and trailing blank rows are fine', async () => {
    const buffer = await sheetOf(
      [
        ['某某区市场监督管理局执法人员名单'],
        ['序号', ...header],
        [1, '张伟', 'T1', null, null, null, null, null, '绿色（正常）', null],
        [2, null, null, null, null, null, null, null, null, null],
        [3, '李娜', 'T2', null, null, null, null, null, '黄色（暂扣）', null],
        [4],
        [],
        [null, '  ', null],
      ],
      (ws) => ws.mergeCells('A1:J1'),
    );
    const parsed = await parseWorkbook(buffer, officerSheet);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rowNumbers).toEqual([3, 5]);
    expect(parsed.rows.map((r) => r.name)).toEqual(['张伟', '李娜']);
  });

  it('a cell merged down several rows gives each row its value; a header merged across columns counts once', async () => {
    const buffer = await sheetOf(
      [
        ['姓名', '执法证号', '证件状态', '职务', '职务'],
        ['张伟', 'M1', '绿色（正常）', '科员', null],
        ['李娜', 'M2', null, '科员', null],
        ['王芳', 'M3', null, '科员', null],
      ],
      (ws) => {
        ws.mergeCells('C2:C4');
        ws.mergeCells('D1:E1');
      },
    );
    const parsed = await parseWorkbook(buffer, officerSheet);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((r) => [r.name, r.status, r.post])).toEqual([
      ['张伟', 'green', '科员'],
      ['李娜', 'green', '科员'],
      ['王芳', 'green', '科员'],
    ]);
  });

  it('a file without the headers, an empty sheet and a file that is not xlsx each get one clear problem', async () => {
    expect(
      (
        await parseWorkbook(
          await sheetOf([
            ['甲', '乙'],
            [1, 2],
          ]),
          officerSheet,
        )
      ).problems,
    ).toEqual([
      { row: 1, column: '', value: '', reason: `未找到表头：前 10 行中没有模板中的列名（${header.join('、')}），请使用下载的模板` },
    ]);
    expect((await parseWorkbook(await sheetOf([header]), officerSheet)).problems).toEqual([
      { row: 2, column: '', value: '', reason: '表中没有数据行' },
    ]);
    expect((await parseWorkbook(Buffer.from('PK not really'), officerSheet)).problems[0]?.reason).toContain('不是有效的 Excel 工作簿');
  });

  it('more rows than the spec allows is refused before any row is checked', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => ['张伟', `R${i}`, null, null, null, null, null, '绿色（正常）', null]);
    const { problems } = await parseWorkbook(await sheetOf([header, ...rows]), { ...officerSheet, maxRows: 5 });
    expect(problems).toEqual([{ row: 1, column: '', value: '', reason: '数据超过 5 行（约 6 行），请分批导入' }]);
  });

  it('a workbook that inflates past 100 MB (many rows or a zip bomb) is refused without being loaded', async () => {
    // a zip whose central directory declares one 200 MB entry
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const central = Buffer.alloc(46 + name.length);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(200 * 1024 * 1024, 24);
    central.writeUInt16LE(name.length, 28);
    name.copy(central, 46);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(1, 8);
    eocd.writeUInt16LE(1, 10);
    eocd.writeUInt32LE(central.length, 12);
    eocd.writeUInt32LE(0, 16);
    const bomb = Buffer.concat([central, eocd]);
    expect(declaredUncompressedSize(bomb)).toBe(200 * 1024 * 1024);
    const { problems } = await parseWorkbook(bomb, officerSheet);
    expect(problems[0]?.reason).toBe('文件内容过多（解压后超过 100 MB），请分批导入，每批不超过 100000 行');
    // a real workbook declares its true size; a non-zip declares none
    const real = await sheetOf([header]);
    expect(declaredUncompressedSize(real)).toBeGreaterThan(real.length);
    expect(declaredUncompressedSize(Buffer.from('not a zip at all, just some text'))).toBeUndefined();
  });
});
