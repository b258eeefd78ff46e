-- A reporting unit's own deadline for its applicants in a round (domain/unitDeadline.ts).
CREATE TABLE "UnitDeadline" (
    "roundId" TEXT NOT NULL,
    "provinceCode" TEXT NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "reason" TEXT,
    "setById" TEXT NOT NULL,
    "setAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UnitDeadline_pkey" PRIMARY KEY ("roundId","provinceCode")
);
