import { PageSkeleton } from '@/components/ui/page-skeleton';

/**
 * The list's skeleton, inside the (list) group on purpose: a loading boundary above [id] or new
 * would start streaming with status 200 before their notFound() ran, so a foreign or missing broadcast
 * answered a not-found page with 200 (docs/reliability.md F1). Those pages now answer 404.
 */
export default function Loading() {
  return <PageSkeleton />;
}
