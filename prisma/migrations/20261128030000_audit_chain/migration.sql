-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "chainKey" TEXT,
ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT,
ADD COLUMN     "seq" INTEGER;

-- CreateTable
CREATE TABLE "AuditChain" (
    "chainKey" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "lastHash" TEXT NOT NULL,

    CONSTRAINT "AuditChain_pkey" PRIMARY KEY ("chainKey")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_chainKey_seq_key" ON "AuditEvent"("chainKey", "seq");

-- The audit trail is append-only: the database refuses to change or remove a record. The one
-- update allowed seals a record written before the chain existed (its hash was null), touching
-- nothing but the chain columns.
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."hash" IS NULL
     AND (NEW."id", NEW."applicationId", NEW."roundId", NEW."eventKey", NEW."at", NEW."actorId", NEW."actorRole", NEW."action", NEW."fromStatus", NEW."toStatus", NEW."taskId", NEW."reason", NEW."detail"::text)
         IS NOT DISTINCT FROM
         (OLD."id", OLD."applicationId", OLD."roundId", OLD."eventKey", OLD."at", OLD."actorId", OLD."actorRole", OLD."action", OLD."fromStatus", OLD."toStatus", OLD."taskId", OLD."reason", OLD."detail"::text) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'AuditEvent is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent" FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"();
