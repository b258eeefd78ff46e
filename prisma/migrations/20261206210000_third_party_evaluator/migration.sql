-- The third-party evaluator (第三方评估机构): an evaluator's organisation, its appointment to a round's
-- mid-term evaluations, the appointment each evaluation opened with, and how each grade was reached.
ALTER TABLE "User" ADD COLUMN "organizationName" TEXT;

ALTER TABLE "Round" ADD COLUMN "evaluatorId" TEXT;

ALTER TABLE "Evaluation" ADD COLUMN "evaluatorId" TEXT,
ADD COLUMN "result" JSONB;
