// A draft whose round moves on to a newer version of its form keeps what maps over: every field the
// newer form shares with the older one, as it was typed. The new fields start empty for the
// applicant to complete; a field the newer form no longer has (Annex 1's free-text 产业基础, now
// figures and answers) is left behind.
import { ANNEX_SCHEMAS } from './annex';
import { annexFor, type ApplicantKind } from './applicants';

/** The annex (of version 1, or already of version 2) as a version-2 draft. */
export function upgradeAnnex(kind: ApplicantKind, annex: Record<string, unknown>): Record<string, unknown> {
  const fields = ANNEX_SCHEMAS[annexFor(kind)][2].shape;
  return Object.fromEntries(Object.entries(annex).filter(([key]) => key in fields));
}
