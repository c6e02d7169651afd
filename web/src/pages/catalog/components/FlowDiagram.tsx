import { Empty, Typography } from 'antd';
import type { FlowStep } from '../../../api/catalog';

const BOX_W = 240;
const BOX_H = 56;
const GAP = 28;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** 流程图 (R-D05): the steps in order as boxes joined by arrows, drawn as SVG from the structured steps. */
export function FlowDiagram({ steps }: { steps: (Partial<FlowStep> | undefined)[] | undefined }) {
  const shown = (steps ?? []).filter((s): s is Partial<FlowStep> => !!s && !!s.step?.trim());
  if (shown.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="填写环节后在此显示流程图" />;
  const height = shown.length * (BOX_H + GAP) - GAP + 8;
  const width = BOX_W + 8;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={`流程图：${shown.map((s) => s.step).join('→')}`}
      data-testid="flow-diagram"
      style={{ maxWidth: '100%' }}
    >
      <defs>
        <marker id="flow-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="8" markerHeight="8" orient="auto">
          <path d="M0,0 L10,5 L0,10 z" fill="#8c8c8c" />
        </marker>
      </defs>
      {shown.map((s, i) => {
        const y = 4 + i * (BOX_H + GAP);
        const first = i === 0;
        const last = i === shown.length - 1;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional
          <g key={i}>
            <title>{[s.step, s.timeLimit && `时限：${s.timeLimit}`, s.description].filter(Boolean).join('\n')}</title>
            <rect
              x={4}
              y={y}
              width={BOX_W}
              height={BOX_H}
              rx={first || last ? BOX_H / 2 : 6}
              fill={first || last ? '#fff1f0' : '#fff'}
              stroke="#b71c1c"
              strokeWidth={1.5}
            />
            <text x={4 + BOX_W / 2} y={y + (s.timeLimit ? 24 : 33)} textAnchor="middle" fontSize={15} fill="#262626">
              {clip(`${i + 1}. ${s.step}`, 15)}
            </text>
            {s.timeLimit && (
              <text x={4 + BOX_W / 2} y={y + 44} textAnchor="middle" fontSize={12} fill="#666666">
                {clip(`时限：${s.timeLimit}`, 18)}
              </text>
            )}
            {!last && (
              <line
                x1={4 + BOX_W / 2}
                y1={y + BOX_H}
                x2={4 + BOX_W / 2}
                y2={y + BOX_H + GAP - 2}
                stroke="#8c8c8c"
                strokeWidth={1.5}
                markerEnd="url(#flow-arrow)"
              />
            )}
          </g>
        );
      })}
    </svg>
  );
}

export function FlowLegend() {
  return <Typography.Text type="secondary">圆角框为起止环节；图随左侧填写实时更新。</Typography.Text>;
}
