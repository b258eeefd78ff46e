// What a pilot files (notice §四(四)): "各试点城市和试点企业应每季度上报试点情况。试点取得的重大
// 进展，或遇到的重大问题，应及时报告" — the quarterly report, the immediate report of major
// progress or a major problem, and the self-assessment before each evaluation (§四(五)).
// Used by the API only (it imports zod); workflows never import this file.
import { z } from 'zod';
import { GRADES } from './evaluation';

const text = (max: number) => z.string().trim().min(1).max(max);

/** A quarterly report (季度报告): progress on each of the pilot's chosen tasks, indicators, problems. */
export function quarterlyReportSchema(chosenTasks: readonly string[]) {
  const task = z.enum(chosenTasks as unknown as [string, ...string[]]);
  return z.strictObject({
    progress: z
      .array(z.strictObject({ task, summary: text(5000) }))
      .min(1)
      .superRefine((items, ctx) => {
        const seen = new Set<string>();
        items.forEach((item, i) => {
          if (seen.has(item.task)) ctx.addIssue({ code: 'custom', message: 'duplicate_task', path: [i, 'task'] });
          seen.add(item.task);
        });
      }),
    indicators: z.array(z.strictObject({ name: text(200), value: z.number(), unit: text(50) })).max(50),
    problems: z.string().trim().max(5000),
  });
}

/** An immediate report between quarters (重大进展／重大问题及时报告). */
export const majorReportSchema = z.strictObject({
  kind: z.enum(['major_progress', 'major_problem']),
  summary: text(500),
  details: text(20000),
});

/** The pilot's self-assessment (自评) before a mid-term or final evaluation. */
export const selfAssessmentSchema = z.strictObject({
  summary: text(20000),
  achievements: text(20000),
  replicablePractice: text(20000), // 可复制推广的实践经验
  proposedGrade: z.enum(GRADES),
});
