-- The grading stage has one name: a round's deadlines call its chain `evaluation`, as its tasks
-- do (it was `evaluationGrading`). Only the current rules are renamed: RoundConfigVersion keeps
-- each version as it was agreed, and only its rubric is read back.
UPDATE "Round"
SET config = jsonb_set(
  config #- '{deadlines,evaluationGrading}',
  '{deadlines,evaluation}',
  config #> '{deadlines,evaluationGrading}'
)
WHERE config #> '{deadlines,evaluationGrading}' IS NOT NULL;
