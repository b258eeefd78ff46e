-- An objection filed by a member of the public (no account) during a public notice: the name and
-- e-mail address they gave, and the receipt code mailed to that address (usecases/publicObjection.ts).
ALTER TABLE "Objection" ADD COLUMN "filerName" TEXT,
ADD COLUMN "filerContact" TEXT,
ADD COLUMN "receiptCode" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Objection_receiptCode_key" ON "Objection"("receiptCode");

-- The filer as the API took it, before the objection goes to the selection's workflow: the activity
-- that records the filing moves it onto the objection and queues the receipt, in one transaction.
CREATE TABLE "PublicFiler" (
    "objectionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "receiptCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublicFiler_pkey" PRIMARY KEY ("objectionId")
);

CREATE UNIQUE INDEX "PublicFiler_receiptCode_key" ON "PublicFiler"("receiptCode");
