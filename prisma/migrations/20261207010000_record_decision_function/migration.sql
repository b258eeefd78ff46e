-- A decision in one statement (issue 20): the task is marked decided, its audit record appended and
-- the chain's head moved, together or not at all. The caller computes the record's keyed hash
-- from the head it believes current (the key never reaches the database); a head that moved
-- meanwhile answers 'stale' with the current one, and nothing is written. A record with the
-- same event key answers 'duplicate' (a retry), and a task no longer open raises PF001.
CREATE FUNCTION pilotflow_record_decision(
  p_task_id TEXT, p_decision TEXT, p_reason TEXT, p_result JSONB, p_decided_by TEXT,
  p_event_key TEXT, p_at TIMESTAMP(3), p_chain_key TEXT, p_seq INTEGER, p_prev_hash TEXT, p_hash TEXT,
  p_key_id TEXT, p_application_id TEXT, p_round_id TEXT, p_actor_id TEXT, p_actor_role TEXT,
  p_action TEXT, p_detail JSONB
) RETURNS TABLE (outcome TEXT, head_seq INTEGER, head_hash TEXT)
LANGUAGE plpgsql AS $$
DECLARE
  moved BOOLEAN := FALSE;
BEGIN
  IF EXISTS (SELECT 1 FROM "AuditEvent" WHERE "eventKey" = p_event_key) THEN
    RETURN QUERY SELECT 'duplicate'::TEXT, NULL::INTEGER, NULL::TEXT;
    RETURN;
  END IF;
  IF p_seq = 1 THEN
    -- a chain's first record; a head left at 0 by an earlier rolled-back writer counts as none
    INSERT INTO "AuditChain" ("chainKey", seq, "lastHash") VALUES (p_chain_key, 1, p_hash)
    ON CONFLICT ("chainKey") DO UPDATE SET seq = 1, "lastHash" = p_hash WHERE "AuditChain".seq = 0;
    moved := FOUND;
  ELSIF p_seq > 1 THEN
    -- waits for a concurrent writer's lock, then finds the head moved: nothing written, 'stale'
    UPDATE "AuditChain" SET seq = p_seq, "lastHash" = p_hash
    WHERE "chainKey" = p_chain_key AND seq = p_seq - 1 AND "lastHash" = p_prev_hash;
    moved := FOUND;
  END IF;
  IF NOT moved THEN
    RETURN QUERY SELECT 'stale'::TEXT, COALESCE(c.seq, 0), COALESCE(c."lastHash", '')
      FROM (SELECT 1) AS one LEFT JOIN "AuditChain" c ON c."chainKey" = p_chain_key;
    RETURN;
  END IF;
  UPDATE "Task" SET status = 'decided', decision = p_decision, reason = p_reason, result = p_result,
    "decidedById" = p_decided_by, "decidedAt" = p_at
  WHERE id = p_task_id AND status = 'open';
  IF NOT FOUND THEN
    RAISE EXCEPTION 'task % is not open', p_task_id USING ERRCODE = 'PF001';
  END IF;
  INSERT INTO "AuditEvent" ("eventKey", at, "applicationId", "roundId", "actorId", "actorRole", action,
    "taskId", reason, detail, "chainKey", seq, "prevHash", hash, "keyId")
  VALUES (p_event_key, p_at, p_application_id, p_round_id, p_actor_id, p_actor_role, p_action,
    p_task_id, p_reason, p_detail, p_chain_key, p_seq, NULLIF(p_prev_hash, ''), p_hash, p_key_id);
  RETURN QUERY SELECT 'written'::TEXT, p_seq, p_hash;
END
$$;
