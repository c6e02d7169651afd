/**
 * Load order of a logical dump (issue 10 §4): every table after the tables its foreign keys name,
 * so plain inserts succeed with every constraint in force. A table's references to itself
 * (agency.parent_id) are not edges here; load.ts inserts such a table parent rows first. A cycle
 * between distinct tables cannot be loaded by inserts alone and is refused by name.
 */
export interface TableEdges {
  name: string;
  /** tables this one references, itself excluded */
  references: readonly string[];
}

export function loadOrder(tables: readonly TableEdges[]): string[] {
  const names = new Set(tables.map((t) => t.name));
  const waiting = new Map(tables.map((t) => [t.name, new Set(t.references.filter((r) => r !== t.name && names.has(r)))]));
  const order: string[] = [];
  while (waiting.size > 0) {
    // alphabetical among the ready ones: the same schema gives the same order on every run
    const ready = [...waiting]
      .filter(([, refs]) => refs.size === 0)
      .map(([n]) => n)
      .sort();
    if (ready.length === 0) throw new Error(`外键形成环，无法按顺序插入：${[...waiting.keys()].sort().join('、')}`);
    for (const n of ready) {
      order.push(n);
      waiting.delete(n);
    }
    for (const refs of waiting.values()) for (const n of ready) refs.delete(n);
  }
  return order;
}

/** True when every table comes after the tables it references (a backup's order checked against the target's schema). */
export function isLoadOrder(order: readonly string[], tables: readonly TableEdges[]): boolean {
  const at = new Map(order.map((n, i) => [n, i]));
  return tables.every((t) =>
    t.references.every((r) => r === t.name || !at.has(r) || (at.get(r) as number) < (at.get(t.name) ?? Number.POSITIVE_INFINITY)),
  );
}
