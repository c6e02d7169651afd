import { useCallback, useRef, useState } from 'react';

/**
 * One request at a time from a button or a dialog: a second click while the first is still on its
 * way (validation included) is ignored, so a double click sends one request. `pending` drives the
 * button's `loading`.
 */
export function useSingleFlight() {
  const busy = useRef(false);
  const [pending, setPending] = useState(false);
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    if (busy.current) return undefined;
    busy.current = true;
    setPending(true);
    try {
      return await fn();
    } finally {
      busy.current = false;
      setPending(false);
    }
  }, []);
  return [pending, run] as const;
}
