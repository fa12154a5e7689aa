'use client';

import { SectionError } from '@/components/ui/section-error';

export default SectionError;
