import type { ReactNode } from 'react';
import { requireAccount } from '@/lib/auth/session';

type Props = { children: ReactNode; params: Promise<{ slug: string }> };

/**
 * The tenant gate for everything under /admin/accounts/{slug}. It runs in the layout, outside
 * any loading boundary, so a foreign or unknown account answers with a real 404 status before
 * anything streams (a notFound() inside a Suspense boundary would arrive with status 200).
 */
export default async function AccountLayout({ children, params }: Props) {
  await requireAccount((await params).slug, 'account.view');
  return children;
}
