import { Tag, Typography } from 'antd';
import { daysLeftText, type TimeLimit, urgencyColors } from '../../../api/cases';

/** A case's state as a tag: closed grey, awaiting approval gold, others blue. */
export function StateTag({ state, label, final }: { state: string; label: string; final?: boolean }) {
  const color = final ? 'default' : /pending/.test(state) ? 'gold' : state === 'transferred' ? 'purple' : 'blue';
  return <Tag color={color}>{label}</Tag>;
}

/** Days left of a limit, red when overdue ("已超期 N 天"), orange when due soon. */
export function DaysLeft({
  urgency,
  daysLeft,
  urgencyLabel,
}: {
  urgency: string | null;
  daysLeft: number | null;
  urgencyLabel?: string | null;
}) {
  const text = daysLeftText({ urgency, daysLeft, urgencyLabel });
  if (urgency === 'overdue') {
    return (
      <Typography.Text type="danger" strong>
        {text}
      </Typography.Text>
    );
  }
  if (urgency === 'due_today' || urgency === 'due_soon') return <Typography.Text type="warning">{text}</Typography.Text>;
  if (urgency === 'met' || urgency === 'paused') return <Typography.Text type="secondary">{text}</Typography.Text>;
  return <>{text}</>;
}

/** One time limit in a line: 标签 · 到期日 · 依据 · 剩余天数. */
export function LimitLine({ limit }: { limit: TimeLimit }) {
  return (
    <span>
      <Tag color={urgencyColors[limit.urgency] ?? 'default'}>{limit.urgencyLabel}</Tag>
      {limit.label}，{limit.dueOn} 前（{limit.days} 个{limit.unitLabel}）· <DaysLeft {...limit} />
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {limit.article}
      </Typography.Text>
    </span>
  );
}
