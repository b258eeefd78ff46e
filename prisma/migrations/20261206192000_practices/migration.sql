-- 总结推广: the replicable practices pilots report at their evaluations, reviewed by MOFCOM for the public library.
CREATE TABLE "Practice" (
    "id" TEXT NOT NULL,
    "pilotId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reviewedById" TEXT,
    "reviewNote" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Practice_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Practice_status_idx" ON "Practice"("status");

ALTER TABLE "Practice" ADD CONSTRAINT "Practice_pilotId_fkey" FOREIGN KEY ("pilotId") REFERENCES "Pilot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
