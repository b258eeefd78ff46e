-- CreateTable
CREATE TABLE "WorkflowHistory" (
    "runId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3) NOT NULL,
    "events" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "history" BYTEA NOT NULL,
    "archivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkflowHistory_pkey" PRIMARY KEY ("runId")
);

-- CreateIndex
CREATE INDEX "WorkflowHistory_workflowId_idx" ON "WorkflowHistory"("workflowId");

-- CreateIndex
CREATE INDEX "WorkflowHistory_closedAt_idx" ON "WorkflowHistory"("closedAt");
