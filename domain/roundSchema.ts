// Validation of a round's configuration (kept apart from round.ts so workflow code, which needs
// only the rules, does not bundle the validator).
import { z } from 'zod';
import type { RoundConfig } from './round';

export const roundConfigSchema: z.ZodType<RoundConfig> = z.strictObject({
  provincialReviewDays: z.number().positive(),
  revisionDays: z.number().positive(),
});
