// Who the benches' applications come from: a round open for declarations and applicants spread
// over the 31 provinces in the round simulation's mix (test/support/simulation.ts), plus any
// central enterprises. Written straight into the database, as the seed writes the officers:
// creating accounts is not what is measured.
import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';
import { MAIL_DOMAIN } from '../platform/config';
import { asJson, type Db } from '../platform/db';
import { DEFAULT_ROUND_CONFIG, type RoundConfig } from '../domain/round';
import { PROVINCES } from '../domain/provinces';
import { applicantKindOf } from '../test/support/simulation';

export const APPLICANT_PASSWORD = 'bench-applicant-1';

export interface Applicant {
  username: string;
  /** null: a central enterprise, which declares straight to MOFCOM */
  provinceCode: string | null;
  kind: 'city' | 'ftz' | 'enterprise' | 'central_enterprise';
}

/** A round on the default rules but a panel of one, so each expert stage forms from the seeded experts. */
export async function createRound(db: Db, overrides: Partial<RoundConfig> = {}): Promise<string> {
  const id = `bench-${crypto.randomUUID().slice(0, 8)}`;
  const config = {
    ...DEFAULT_ROUND_CONFIG,
    expertReview: { ...DEFAULT_ROUND_CONFIG.expertReview, panelSize: 1, quorum: 1 },
    ...overrides,
  };
  await db.round.create({
    data: {
      id,
      kind: 'pilot',
      nameZh: '基准测试轮次',
      nameEn: 'Benchmark round',
      declarationDeadline: new Date(Date.now() + 30 * 86_400_000),
      config: asJson(config),
    },
  });
  return id;
}

export async function createApplicants(db: Db, roundId: string, provincial: number, central = 0): Promise<Applicant[]> {
  const passwordHash = await bcrypt.hash(APPLICANT_PASSWORD, 4);
  const applicants = [
    ...Array.from({ length: provincial }, (_, i): Applicant => {
      const p = i % PROVINCES.length;
      return {
        username: `${roundId}-applicant-${i}`,
        provinceCode: PROVINCES[p].code,
        kind: applicantKindOf(p, Math.floor(i / PROVINCES.length) % 4),
      };
    }),
    ...Array.from({ length: central }, (_, i): Applicant => ({
      username: `${roundId}-central-${i}`,
      provinceCode: null,
      kind: 'central_enterprise',
    })),
  ];
  const orgOf = (a: Applicant) => `${a.username}-org`;
  await db.organization.createMany({
    data: applicants.map((a) => ({
      id: orgOf(a),
      kind: a.kind,
      name: `Bench ${a.kind} ${a.username}`,
      provinceCode: a.provinceCode,
      email: `${a.username}@${MAIL_DOMAIN}`,
    })),
  });
  await db.user.createMany({
    data: applicants.map((a) => ({
      username: a.username,
      passwordHash,
      role: 'applicant',
      displayName: a.username,
      organizationId: orgOf(a),
    })),
  });
  return applicants;
}
