import { Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useMe } from '../../api/auth';

/**
 * Table layout for the workbench lists. Every column has a width; the table gets their sum as
 * `scroll.x`, so on a narrow screen (1366 px with the menu open leaves ~1050 px) it scrolls
 * instead of squeezing the columns under the fixed ones, and on a wide screen the columns stretch.
 * `sticky` keeps the header under the app bar and the horizontal scrollbar at the bottom of the window.
 */
export const stickyTable = { offsetHeader: 64 } as const;

/** Width of antd's expand column (the + before each row). */
export const EXPAND_WIDTH = 48;

/** Sum of the columns' widths (columns without a width count as 120 px), plus `extra` (e.g. the expand column). */
export function tableWidth(columns: readonly { width?: number | string }[], extra = 0): number {
  return columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 120), extra);
}

/**
 * Long text a person needs to read: wraps, at most `rows` lines, the whole text in a tooltip when cut.
 * `title` replaces the tooltip's content (e.g. one legal basis a line).
 */
export function Clamp({ text, rows = 2, title }: { text: string | null | undefined; rows?: number; title?: ReactNode }) {
  if (!text) return <>—</>;
  return (
    <Typography.Paragraph
      style={{ margin: 0, wordBreak: 'break-word' }}
      ellipsis={{ rows, tooltip: { title: title ?? text, styles: { root: { maxWidth: 480 } } } }}
    >
      {text}
    </Typography.Paragraph>
  );
}

/** Lines for a tooltip, one item a line. */
export function Lines({ items }: { items: string[] }) {
  return (
    <>
      {items.map((t) => (
        <div key={t}>{t}</div>
      ))}
    </>
  );
}

/** The prefixes of a jurisdiction name that end at an administrative level: 示范市示范区 → 示范市示范区, 示范市. */
function levelPrefixes(jurisdiction: string): string[] {
  const out: string[] = [];
  for (let i = jurisdiction.length; i > 0; i--) {
    if (/[省市州盟县区旗]/.test(jurisdiction[i - 1] ?? '')) out.push(jurisdiction.slice(0, i));
  }
  return out;
}

/**
 * An agency's name without the jurisdiction every agency of the list shares (示范市示范区市场监督管理局
 * → 市场监督管理局; 示范市生态环境局示范分局 → 生态环境局示范分局). Unchanged when nothing is left.
 */
export function shortAgencyName(name: string, jurisdiction: string | null | undefined): string {
  if (!jurisdiction) return name;
  for (const prefix of levelPrefixes(jurisdiction)) {
    if (name.startsWith(prefix) && name.length > prefix.length) return name.slice(prefix.length);
  }
  return name;
}

/** `shortAgencyName` with the signed-in user's jurisdiction. */
export function useShortAgencyName(): (name: string) => string {
  const { data: user } = useMe();
  const jurisdiction = user?.jurisdictionName;
  return (name) => shortAgencyName(name, jurisdiction);
}

/** An agency's short name in a table cell; the full name in a tooltip. */
export function AgencyCell({ name, secondary }: { name: string | null | undefined; secondary?: boolean }) {
  const short = useShortAgencyName();
  if (!name) return <>—</>;
  const s = short(name);
  return (
    <Tooltip title={s === name ? undefined : name}>
      <Typography.Text type={secondary ? 'secondary' : undefined} style={{ wordBreak: 'break-word', fontSize: 'inherit' }}>
        {s}
      </Typography.Text>
    </Tooltip>
  );
}
