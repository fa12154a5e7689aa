import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { invitationFor } from '../invitation';

type Props = { children: ReactNode; params: Promise<{ token: string }> };

/** The status gate: outside the loading boundary, so a link that cannot be used is a real 404 (see ../layout.tsx). */
export default async function AcceptGate({ children, params }: Props) {
  if ((await invitationFor((await params).token)).state !== 'valid') notFound();
  return children;
}
