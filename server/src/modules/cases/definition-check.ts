/**
 * Whether a procedure definition can run (issue 8 §2: definitions are data a jurisdiction may
 * extend): every state an action names exists, every guard is one of `rules.ts`, every time limit
 * reads a known setting, every input is a JSON schema the engine can compile. Pure.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { settingDefs } from '../../platform/settings/registry';
import type { ProcedureDefinition } from './definition';
import { guards } from './rules';

/** The one validator of action inputs (definitions.ts compiles them with it; here: can it compile). */
export const inputAjv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: true });
addFormats(inputAjv);

export function definitionProblems(def: ProcedureDefinition): string[] {
  const problems: string[] = [];
  const states = new Set(Object.keys(def.states ?? {}));
  const known = (kind: string) => kind in settingDefs;
  if (!states.has(def.initial)) problems.push(`初始状态「${def.initial}」未在 states 中定义`);
  const schema = (where: string, s: unknown) => {
    try {
      inputAjv.compile(s as object);
    } catch (e) {
      problems.push(`${where}的输入结构不是有效的 JSON Schema：${(e as Error).message}`);
    }
  };
  schema('登记', def.open);
  for (const g of def.openGuards ?? []) if (!(g in guards)) problems.push(`登记：未知的法定条件「${g}」`);
  const names = new Set<string>();
  for (const a of def.actions ?? []) {
    const where = `办理事项「${a.name}」`;
    if (!/^[a-z][a-z_]{0,59}$/.test(a.name)) problems.push(`${where}：名称只能用小写字母和下划线`);
    for (const f of a.from) if (!states.has(f)) problems.push(`${where}：起始状态「${f}」未定义`);
    if (a.to && !states.has(a.to)) problems.push(`${where}：目标状态「${a.to}」未定义`);
    for (const f of a.from) {
      const k = `${a.name}@${f}`;
      if (names.has(k)) problems.push(`${where}：在状态「${f}」下重复定义`);
      names.add(k);
    }
    if (!a.by?.length) problems.push(`${where}：未指定可办理的人员`);
    for (const g of a.guards ?? []) if (!(g in guards)) problems.push(`${where}：未知的法定条件「${g}」`);
    for (const t of [...(a.starts ?? []), ...(def.openStarts ?? [])])
      if (!known(t.setting)) problems.push(`${where}：时限「${t.label}」引用了未知的设置「${t.setting}」`);
    for (const e of a.extends ?? []) if (!known(e.setting)) problems.push(`${where}：延期引用了未知的设置「${e.setting}」`);
    schema(where, a.input);
  }
  return problems;
}
