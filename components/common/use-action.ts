'use client';
// One-click actions: run a mutation, tell the user how it went (the server's own message when it
// refuses), and refresh the data it changed.
import { useCallback } from 'react';
import { useNotify } from './notifier';

type Outcome = string | { message: string; severity: 'success' | 'error' | 'warning' | 'info' };

export function useAction(reload?: () => unknown) {
  const notify = useNotify();
  return useCallback(
    async <T>(fn: () => Promise<T>, success?: string | ((result: T) => Outcome)): Promise<T | undefined> => {
      try {
        const result = await fn();
        const outcome = typeof success === 'function' ? success(result) : success;
        if (typeof outcome === 'string') notify(outcome, 'success');
        else if (outcome) notify(outcome.message, outcome.severity);
        return result;
      } catch (err) {
        notify((err as Error).message, 'error');
        return undefined;
      } finally {
        void reload?.();
      }
    },
    [notify, reload],
  );
}
