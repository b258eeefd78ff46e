// Which version of its form an application is in (domain/annex.ts): the one of the round's rules it
// was first submitted under, which its workflow keeps (so a file stays as it was read, and a
// revision after a return is made on the same form); a draft never submitted, the round's current one.
import { annexFormOf, type AnnexForm, type AnnexVersion } from '../domain/annex';
import type { Db } from './db';

export async function applicationAnnexVersion(
  db: Db,
  app: { roundId: string; configVersion: number | null },
): Promise<AnnexVersion> {
  return (await applicationAnnexForm(db, app)).version;
}

/** Its form's version and, for a 申报书, the indicators it assesses itself on: of the same rules. */
export async function applicationAnnexForm(
  db: Db,
  app: { roundId: string; configVersion: number | null },
): Promise<AnnexForm> {
  const round = await db.round.findUniqueOrThrow({
    where: { id: app.roundId },
    select: {
      config: true,
      configVersions: { where: { version: app.configVersion ?? -1 }, select: { config: true } },
    },
  });
  return annexFormOf(app.configVersion === null ? round.config : (round.configVersions[0]?.config ?? round.config));
}
