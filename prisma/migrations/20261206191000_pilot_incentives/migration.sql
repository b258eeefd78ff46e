-- 激励与政策支持: the support a body records as granted to a pilot (domain/incentives.ts).
CREATE TABLE "PilotIncentive" (
    "id" TEXT NOT NULL,
    "pilotId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "grantedOn" TIMESTAMP(3) NOT NULL,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PilotIncentive_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "PilotIncentive_pilotId_idx" ON "PilotIncentive"("pilotId");

ALTER TABLE "PilotIncentive" ADD CONSTRAINT "PilotIncentive_pilotId_fkey" FOREIGN KEY ("pilotId") REFERENCES "Pilot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
