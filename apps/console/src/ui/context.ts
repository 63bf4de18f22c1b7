import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

import type { Session } from '../session';

export interface Toast {
  readonly id: number;
  readonly text: string;
  readonly link?: { readonly href: string; readonly label: string };
}

/** What every page needs from the shell. */
export interface ConsoleContext {
  readonly session: Session;
  /** The selected tenant; empty when the token has none. */
  readonly tenantId: string;
  /** Says `text` to screen readers through the shell's live region. */
  announce(text: string): void;
  toast(toast: Omit<Toast, 'id'>): void;
}

export const Console = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const value = useContext(Console);
  if (!value) throw new Error('useConsole outside the console shell');
  return value;
}
