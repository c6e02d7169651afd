import { Alert } from 'antd';
import { useEffect, useRef } from 'react';

/**
 * Above an editor's form: the record was changed by someone else while it was open (412), and the
 * form now holds their version. Scrolled into view, since the save button that led here may be far
 * below it.
 */
export function StaleNotice({ title, text }: { title: string; text: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (text) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [text]);
  if (!text) return null;
  return (
    <div ref={ref} style={{ marginBottom: 16 }}>
      <Alert type="warning" showIcon title={title} description={text} data-testid="stale-notice" />
    </div>
  );
}
