-- CreateTable
CREATE TABLE "ExpertAssignmentLock" (
    "roundId" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExpertAssignmentLock_pkey" PRIMARY KEY ("roundId")
);
