-- CreateIndex
CREATE INDEX "Task_decidedById_decidedAt_idx" ON "Task"("decidedById", "decidedAt");

-- CreateIndex
CREATE INDEX "Notification_recipientKind_recipientId_createdAt_idx" ON "Notification"("recipientKind", "recipientId", "createdAt");
