import { InputError } from '../core/index.js';

/** A roll width and head resolution, and what follows from them for Font A (12 × 24 dots). */
export interface PaperProfile {
  id: PaperId;
  widthMm: 58 | 80;
  dpi: 180 | 203;
  /** Characters per line in Font A at normal width. */
  columns: number;
  /** Printable dots per line. */
  dots: number;
}

export const PaperIds = ['58', '80', '80-180'] as const;
export type PaperId = (typeof PaperIds)[number];

export const PAPER_PROFILES: Readonly<Record<PaperId, PaperProfile>> = {
  '58': { id: '58', widthMm: 58, dpi: 203, columns: 32, dots: 384 },
  '80': { id: '80', widthMm: 80, dpi: 203, columns: 48, dots: 576 },
  // Epson TM-T88 class: 180 dpi heads fit 42 columns of Font A on 80 mm paper.
  '80-180': { id: '80-180', widthMm: 80, dpi: 180, columns: 42, dots: 512 },
};

export function paperProfile(id: string): PaperProfile {
  const profile = (PAPER_PROFILES as Record<string, PaperProfile | undefined>)[id];
  if (!profile) {
    throw new InputError('BAD_PAPER', `unknown paper "${id}"`, { hint: `use one of ${PaperIds.join(', ')} (58 mm, 80 mm at 203 dpi, 80 mm at 180 dpi)`, context: { value: id, allowed: PaperIds } });
  }
  return profile;
}
