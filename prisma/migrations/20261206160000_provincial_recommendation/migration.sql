-- A province's ranked recommendation to MOFCOM (地方择优推荐): its own table, and each application's place in it.
ALTER TABLE "Application" ADD COLUMN "provincialRank" INTEGER;

CREATE TABLE "Recommendation" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "provinceCode" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "applications" TEXT[],
    "ranking" JSONB,
    "reason" TEXT,
    "fixes" JSONB,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Recommendation_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Recommendation_roundId_provinceCode_idx" ON "Recommendation"("roundId", "provinceCode");
