import { createContext, useContext } from 'react';

export type ToastTone = 'success' | 'error' | 'info';

/** A button on the toast (e.g. "Undo"); it dismisses the toast when clicked. */
export interface ToastAction {
  label: string;
  onClick: () => void;
}

export interface ToastApi {
  show: (message: string, tone?: ToastTone, action?: ToastAction) => void;
}

export const ToastContext = createContext<ToastApi | null>(null);

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast needs a <ToastProvider>');
  return api;
}
