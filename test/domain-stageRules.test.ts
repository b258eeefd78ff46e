// Each stage's rules in one object (domain/stages.ts): the API's decision schemas and the
// workflows' validators read the same rule. The expected values are the notice's and the
// programme's, written out here by hand.
import {
  decisionRefusal,
  STAGES,
  stageName,
  DESK_STAGES,
  BATCH_APPROVE_STAGES,
  RETURN_DECISION,
} from '../domain/stages';
import { DECISION_SCHEMAS } from '../usecases/decisionSchemas';
import { DEFAULT_DEADLINES } from '../domain/deadlines';

/** [stage, decision, needs a reason] as the programme has it. */
const REASONS: [string, string, boolean][] = [
  ['provincialReview', 'approve', false],
  ['provincialReview', 'reject', true],
  ['provincialReview', 'return', true],
  ['selectionCountersign', 'approve', false],
  ['selectionCountersign', 'object', true],
];

test.each(REASONS)(
  'when a %s decision "%s" comes without a reason, then the API and the workflow refuse it exactly when it needs one (%s)',
  (stage, decision, needs) => {
    const refusal = decisionRefusal(stage as keyof typeof STAGES, decision, '  ');
    expect(refusal?.field === 'reason').toBe(needs);
    const parsed = DECISION_SCHEMAS[stage].safeParse({ decision });
    expect(parsed.success).toBe(!needs);
    if (!parsed.success) {
      expect(parsed.error.issues.map((i) => i.path.join('.'))).toEqual(['reason']);
      // the words are the stage's own, the same the workflow answers with
      expect((parsed.error.issues[0] as { params?: unknown }).params).toEqual(refusal!.message);
    }
    expect(decisionRefusal(stage as keyof typeof STAGES, decision, '理由')).toBeUndefined();
  },
);

test('when a decision is not one of its stage’s, then it is refused on the decision field', () => {
  expect(decisionRefusal('provincialReview', 'object', 'x')?.field).toBe('decision');
  expect(decisionRefusal('selectionCountersign', 'return', 'x')?.field).toBe('decision');
  expect(decisionRefusal('expertReview', 'approve', 'x')?.field).toBe('decision');
  expect(decisionRefusal('expertReview', 'decline', '')?.field).toBe('reason');
  expect(DECISION_SCHEMAS.provincialReview.safeParse({ decision: 'object', reason: 'x' }).success).toBe(false);
});

test('when the stages are read, then each has its name, desk, 退回, 批量通过 and chain as the programme runs them', () => {
  expect(stageName('provincialReview', 'zh')).toBe('省级联合审核');
  expect(stageName('evaluation', 'en')).toBe('evaluation grading');
  expect(stageName('notAStage', 'zh')).toBe('notAStage');
  // an expert's seat is one person's; a quarterly report is the applicant's: neither is on an officers' desk
  expect([...DESK_STAGES].sort()).toEqual(
    [
      'evaluation',
      'evaluationOpinion',
      'ministryReview',
      'provincialReview',
      'quarterlyCompilation',
      'recommendation',
      'recommendationCountersign',
      'removalCountersign',
      'removalRevision',
      'selectionCountersign',
      'selectionRevision',
      'titleReview',
      'titleRevocationCountersign',
      'titleRevocationRevision',
    ].sort(),
  );
  // a recommendation's ranking and a department's recommendation carry content of their own: never in a batch
  expect([...BATCH_APPROVE_STAGES].sort()).toEqual([
    'provincialReview',
    'recommendationCountersign',
    'removalCountersign',
    'selectionCountersign',
    'titleRevocationCountersign',
  ]);
  expect(RETURN_DECISION).toEqual({
    provincialReview: 'return',
    ministryReview: 'return',
    recommendationCountersign: 'return',
    removalCountersign: 'object',
    selectionCountersign: 'object',
    titleRevocationCountersign: 'object',
  });
  // a silent party consents to its unit's recommendation; the recommendation itself is never sent for its department
  expect(DEFAULT_DEADLINES.recommendationCountersign.defaultRule).toBe('approve');
  expect(DEFAULT_DEADLINES.recommendation.defaultRule).toBe('none');
  // a silent provincial party returns the application; a silent body consents; a silent expert is replaced
  expect(DEFAULT_DEADLINES.provincialReview.defaultRule).toBe('return');
  expect(DEFAULT_DEADLINES.selectionCountersign.defaultRule).toBe('approve');
  // 逾期未反馈视为无意见 on a removal too; MOFCOM's answer to an objection is never given for it
  expect(DEFAULT_DEADLINES.removalCountersign.defaultRule).toBe('approve');
  expect(DEFAULT_DEADLINES.removalRevision.defaultRule).toBe('none');
  // a title's revocation is countersigned as a removal; a periodic review is never answered for MOFCOM
  expect(DEFAULT_DEADLINES.titleRevocationCountersign.defaultRule).toBe('approve');
  expect(DEFAULT_DEADLINES.titleReview.defaultRule).toBe('none');
  // a silent province's opinion is left out: the bodies grade without it
  expect(DEFAULT_DEADLINES.evaluationOpinion.defaultRule).toBe('skip');
  // a silent third-party evaluator is left out too: the province and the bodies go on without its report
  expect(DEFAULT_DEADLINES.evaluationThirdParty.defaultRule).toBe('skip');
  expect(DEFAULT_DEADLINES.expertReview.defaultRule).toBe('replace');
  expect(DEFAULT_DEADLINES.evaluation.defaultRule).toBe('close');
  expect(Object.keys(DEFAULT_DEADLINES)).not.toContain('evaluationGrading');
});
