import type { ReactNode } from 'react';
import { requirePlatform } from '@/lib/auth/session';

/**
 * Platform admins only; anyone else gets the admin 404 (not 403: docs/admin.md). The check sits
 * in the layout, outside this folder's loading boundary, so the 404 is a real status.
 */
export default async function PlatformAuditLayout({ children }: { children: ReactNode }) {
  await requirePlatform('audit.view_platform');
  return children;
}
