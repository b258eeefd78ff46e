-- 取消试点资格: a pilot's removal proposals and the time it was removed (workflows/removal.ts).
ALTER TABLE "Pilot" ADD COLUMN "removedAt" TIMESTAMP(3);

CREATE TABLE "PilotRemoval" (
    "id" TEXT NOT NULL,
    "pilotId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "grounds" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "proposedById" TEXT,
    "objection" JSONB,
    "resolution" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "PilotRemoval_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "PilotRemoval_pilotId_idx" ON "PilotRemoval"("pilotId");

ALTER TABLE "PilotRemoval" ADD CONSTRAINT "PilotRemoval_pilotId_fkey" FOREIGN KEY ("pilotId") REFERENCES "Pilot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
