'use client';

import { createContext, useContext, type ReactNode } from 'react';

/**
 * The few strings client-only boundaries need (app/error.tsx cannot call the server's
 * translator). The root layout fills it in the reader's language.
 */
export type ClientCopy = { 'error.heading': string; 'error.body': string; 'error.retry': string };

const CopyContext = createContext<ClientCopy | null>(null);

export function ClientCopyProvider({ copy, children }: { copy: ClientCopy; children: ReactNode }) {
  return <CopyContext.Provider value={copy}>{children}</CopyContext.Provider>;
}

export function useClientCopy(): ClientCopy {
  const copy = useContext(CopyContext);
  if (!copy) throw new Error('useClientCopy outside the root layout');
  return copy;
}
