// A province's compilation of one quarter's pilot reports (省级商务主管部门将有关情况统一报商务部,
// notice §四(四)): started by the first report to arrive; the provincial commerce department
// sends what it holds to MOFCOM. A report arriving after that starts a supplementary compilation.
import {
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { decisionRefusal } from '../domain/stages';
import { LEAD_PARTY, provincialDepartmentId } from '../domain/parties';
import { PERSIST } from './activityOptions';
import { chaseTasks } from './deadlines';
import { decideUpdate, reportReceivedSignal, SYSTEM_ACTOR, type CompilationInput } from '../shared/definitions';
import { openDesk } from './desk';
import { DEADLINE_ESCALATION } from './patches';
import { refuse } from './refuse';

const { openTasks, recordCompilation } = proxyActivities<Activities>(PERSIST);

export async function compilationWorkflow(input: CompilationInput): Promise<{ reports: string[] }> {
  const { workflowId, runId } = workflowInfo();
  // One task per run: a supplementary compilation is a new run of the same workflow id.
  const taskId = `${input.roundId}:compile:${input.provinceCode}:q${input.quarter}:${runId.slice(0, 8)}`;
  const compiler = provincialDepartmentId(input.provinceCode, LEAD_PARTY);
  const reports: { applicationId: string; reportId: string }[] = [];
  let compiling = false;
  let compiled = false;

  setHandler(reportReceivedSignal, (report) => {
    if (!compiling && !reports.some((r) => r.reportId === report.reportId)) reports.push(report);
  });
  // Claims, transfers and delegations; what was sent to MOFCOM cannot be withdrawn.
  let acting = false;
  const desk = openDesk(
    { roundId: input.roundId },
    {
      task: (id) =>
        id === taskId
          ? {
              departmentId: compiler,
              provinceCode: input.provinceCode,
              state: compiled ? 'decided' : compiling || acting ? 'busy' : 'open',
            }
          : undefined,
      lock: () => (acting = true),
      unlock: () => (acting = false),
    },
  );
  setHandler(
    decideUpdate,
    async ({ reason, payload, actor }) => {
      compiling = true;
      await recordCompilation({
        roundId: input.roundId,
        taskId,
        reports,
        note: (payload?.note as string | undefined) ?? reason,
        actor,
      });
      compiled = true;
      return { taskId, decision: 'compile' };
    },
    {
      validator: ({ taskId: id, decision, actor }) => {
        if (compiled || compiling) throw refuse('already_decided');
        const refusal = id === taskId ? desk.decideRefusal(taskId, actor) : 'not_your_task';
        if (refusal) throw refuse(refusal);
        const wrong = decisionRefusal('quarterlyCompilation', decision, undefined);
        if (wrong) throw refuse('invalid_input', [wrong]);
      },
    },
  );

  await openTasks({
    eventKey: `${taskId}/opened`,
    roundId: input.roundId,
    workflowId,
    stage: 'quarterlyCompilation',
    reviewRound: input.quarter,
    dueAt: input.dueAt,
    tasks: [{ id: taskId, departmentId: compiler, provinceCode: input.provinceCode }],
  });
  if (patched(DEADLINE_ESCALATION)) {
    // The chain chases the commerce department; its default rule ('submit') sends what is held.
    const policy = input.deadline ?? DEFAULT_DEADLINES.quarterlyCompilation;
    const chase = chaseTasks({
      stage: 'quarterlyCompilation',
      ids: { roundId: input.roundId },
      keyPrefix: taskId,
      dueAt: input.dueAt,
      policy,
      open: () => (compiling || compiled ? [] : [taskId]),
      applyDefault: async () => {
        if (policy.defaultRule !== 'submit') return;
        compiling = true;
        await recordCompilation({
          roundId: input.roundId,
          taskId,
          reports,
          note: '逾期未汇总，系统按默认规则报送 / Not compiled by the due time: sent by the default rule',
          actor: SYSTEM_ACTOR,
        });
        compiled = true;
      },
    });
    await condition(() => compiled);
    chase.cancel();
  } else {
    await condition(() => compiled);
  }
  await condition(allHandlersFinished);
  return { reports: reports.map((r) => r.reportId) };
}
