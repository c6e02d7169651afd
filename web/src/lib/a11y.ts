/**
 * A table wider than the phone scrolls sideways inside its own box; WCAG 2.1.1 wants such a
 * region reachable by keyboard. Ant Design renders these boxes without a tabindex, so one
 * observer gives every scrolling table box tabindex=0 (axe rule scrollable-region-focusable).
 */
const scrollers = '.ant-table-content, .ant-table-body';

export function keepScrollRegionsFocusable(root: HTMLElement): () => void {
  const mark = () => {
    for (const el of root.querySelectorAll<HTMLElement>(scrollers)) {
      if (!el.hasAttribute('tabindex')) el.tabIndex = 0;
    }
  };
  mark();
  const observer = new MutationObserver(mark);
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}
