-- 动态管理 of demonstration titles: their periodic reviews and revocations (workflows/title.ts).
CREATE TABLE "TitleReview" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 0,
    "grounds" JSONB NOT NULL DEFAULT '[]',
    "reason" TEXT NOT NULL DEFAULT '',
    "proposedById" TEXT,
    "objection" JSONB,
    "resolution" TEXT,
    "dueAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "TitleReview_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "TitleReview_applicationId_idx" ON "TitleReview"("applicationId");

ALTER TABLE "TitleReview" ADD CONSTRAINT "TitleReview_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
