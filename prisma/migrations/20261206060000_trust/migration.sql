-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "keyId" TEXT;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "reservedBy" TEXT,
ADD COLUMN     "reservedUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "deactivatedAt" TIMESTAMP(3),
ADD COLUMN     "passwordChangedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "login_throttle" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "login_throttle_pkey" PRIMARY KEY ("key")
);
