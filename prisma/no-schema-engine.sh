#!/bin/sh
echo "pilotflow: Prisma's native schema engine is not installed here; migrations are applied by 'npm run migrate' (scripts/migrate.ts)." >&2
exit 1
