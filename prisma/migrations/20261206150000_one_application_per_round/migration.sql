-- One application per applicant per round (每个申报单位每轮申报一次): a unique index on
-- ("organizationId", "roundId"), which also settles two creates at once.
-- Until now a second draft could be created, so a database may hold duplicates already. Nothing is
-- deleted: the first application of each pair (earliest "createdAt", then id) is the one the rule
-- keeps, and the later ones are left outside the index by id (named in a WARNING) for an
-- administrator to resolve. Without duplicates — a new database, and the shadow database Prisma
-- compares schema.prisma with — the index is the plain one schema.prisma declares.
DO $$
DECLARE
  later text[];
BEGIN
  SELECT array_agg(id ORDER BY id) INTO later
  FROM (
    SELECT id, row_number() OVER (PARTITION BY "organizationId", "roundId" ORDER BY "createdAt", id) AS n
    FROM "Application"
  ) ranked
  WHERE n > 1;
  IF later IS NULL THEN
    CREATE UNIQUE INDEX "Application_organizationId_roundId_key" ON "Application"("organizationId", "roundId");
  ELSE
    EXECUTE format(
      'CREATE UNIQUE INDEX "Application_organizationId_roundId_key" ON "Application"("organizationId", "roundId") WHERE id <> ALL (%L::text[])',
      later
    );
    RAISE WARNING 'one application per applicant per round: % later application(s) of an applicant in the same round left outside the unique index: %',
      cardinality(later), array_to_string(later, ', ');
  END IF;
END $$;
