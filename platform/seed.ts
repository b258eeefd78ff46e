// The directory every deployment starts from: the eight national bodies, the seven parties of
// each of the 37 reporting units (domain/provinces.ts), the 2018 round as the notice set it (with
// the record of its 公示 of September 2018) and,
// in demo mode only, an open demo round with demo accounts. Idempotent: running it again changes
// nothing. With demo mode off it retires what demo mode left behind: every account whose password
// is still the published demo password gets an unusable hash (its sessions revoked), and the demo
// rounds stop taking declarations.
import crypto from 'node:crypto';
import { appendAudit, once } from './audit';
import { NATIONAL_BODIES } from '../domain/bodies';
import { PROVINCIAL_PARTIES, provincialDepartmentId } from '../domain/parties';
import { PROVINCES } from '../domain/provinces';
import { DEFAULT_DEADLINES } from '../domain/deadlines';
import { DEFAULT_DEMONSTRATION } from '../domain/demonstration';
import { DEMONSTRATION_INDICATORS } from '../domain/indicators';
import { DEFAULT_ROUND_CONFIG, type RoundConfig } from '../domain/round';
import { RECORDED_NOTICE_ACTION, type NoticeSnapshot, type RecordedNotice } from '../domain/publicNotice';
import { addWorkingDays } from '../domain/workingCalendar';
import { loadWorkingCalendar } from './workingCalendar';
import { MAIL_DOMAIN } from './config';
import { asJson, type Db } from './db';
import { hashPassword, unusableHash, verifyPassword } from './passwords';

export const DEMO_PASSWORD = 'pilotflow-demo';

/** The default mailbox of a person, on the reserved domain. */
export function personalMailbox(username: string): string {
  return `${username.toLowerCase().replace(/[^a-z0-9-]/g, '-')}@${MAIL_DOMAIN}`;
}

export function departmentMailbox(departmentId: string): string {
  return `${departmentId.toLowerCase().replace(/[._]/g, '-')}@${MAIL_DOMAIN}`;
}

export const ROUND_2018 = {
  id: 'pilot-2018',
  kind: 'pilot',
  nameZh: '2018年供应链创新与应用试点',
  nameEn: '2018 Supply-Chain Innovation and Application Pilots',
  // 通知 dated 2018-04-18; 申报截止日期为 2018 年 5 月 31 日 — the end of that day, Beijing time.
  declarationOpensAt: new Date('2018-04-18T00:00:00+08:00'),
  declarationDeadline: new Date('2018-05-31T23:59:59+08:00'),
};

/**
 * The 2018 round's public notice (公示) as the public record gives it: the proposed list was
 * published on 19 September 2018 for five working days, and the final list by 商建函〔2018〕654号
 * on 16 October 2018. Seeded as a record (domain/publicNotice.ts, RECORDED_NOTICE_ACTION) so the
 * public list shows it; its window is counted as the workflow counts one (addWorkingDays on the
 * official calendar, from the day after it opened).
 */
export const ROUND_2018_NOTICE = {
  openedAt: new Date('2018-09-19T00:00:00+08:00'),
  workingDays: 5,
  source: {
    zh: '商务部等8部门关于全国供应链创新与应用试点城市和试点企业名单的公示（2018年9月19日）',
    en: 'The public notice of the proposed pilot cities and enterprises by MOFCOM and seven other bodies (19 September 2018)',
  },
  finalList: { document: '商建函〔2018〕654号', publishedOn: '2018-10-16' },
};

async function seedNotice2018(db: Db) {
  const eventKey = `seed/${ROUND_2018.id}/public-notice-2018`;
  const calendar = await loadWorkingCalendar(db);
  const { openedAt, workingDays, source, finalList } = ROUND_2018_NOTICE;
  const endsAt = addWorkingDays(openedAt, workingDays, calendar).dueAt.toISOString();
  const notice: NoticeSnapshot = {
    workingDays,
    offerNextRanked: false,
    startedAt: openedAt.toISOString(),
    endsAt,
    listed: [], // the platform holds none of the 2018 applicants
    removed: [],
  };
  await once(db, eventKey, async (tx) => {
    await appendAudit(tx, {
      roundId: ROUND_2018.id,
      eventKey,
      action: RECORDED_NOTICE_ACTION,
      detail: { notice, source, finalList } satisfies RecordedNotice,
    });
  });
}

/**
 * The later "demonstration" rounds (DOMAIN.md, "How later rounds ran") with their published
 * numbers of cities and enterprises, a public notice of 5 working days, and deadlines counted in
 * working days. Our sources do not give their declaration dates, so each is seeded as closed within
 * its year: they hold records, they take no declarations.
 */
export const DEMONSTRATION_ROUNDS = (
  [
    [2021, 10, 94],
    [2022, 15, 106],
    [2023, 8, 50],
  ] as const
).map(([year, city, enterprise]) => ({
  id: `demonstration-${year}`,
  kind: 'demonstration',
  nameZh: `${year}年全国供应链创新与应用示范创建`,
  nameEn: `${year} National Supply-Chain Innovation and Application Demonstrations`,
  declarationOpensAt: new Date(`${year}-01-01T00:00:00+08:00`),
  declarationDeadline: new Date(`${year}-12-31T23:59:59+08:00`),
  config: {
    ...DEFAULT_ROUND_CONFIG,
    dayCount: 'working',
    selection: { ...DEFAULT_ROUND_CONFIG.selection, quotas: { city, enterprise } },
    publicNotice: { workingDays: 5, offerNextRanked: false },
    // 认定 at once; our sources state the restriction to existing pilots for the 2021 round only
    demonstration: {
      eligibility: year === 2021 ? 'existingPilots' : 'any',
      // 动态管理: reviewed as a new demonstration round's titles are (the interval is not in our sources)
      reviewDays: DEFAULT_DEMONSTRATION.reviewDays,
    },
    // the 申报书 on the indicator system, as a new demonstration round has them (they hold no application on another form)
    rubric: DEMONSTRATION_INDICATORS,
    annexVersion: 3,
  } satisfies RoundConfig,
}));

export const DEMO_ROUND_ID = 'demo';
export const COMPRESSED_DEMO_ROUND_ID = 'demo-compressed';

const MINUTE = 1 / 1440; // of a day

/** The 2018 rules on a calendar a visitor can watch: a quarter in five minutes, a panel of one. */
const COMPRESSED_CONFIG: RoundConfig = {
  ...DEFAULT_ROUND_CONFIG,
  provincialReviewDays: 30 * MINUTE,
  revisionDays: 30 * MINUTE,
  expertReview: { panelSize: 1, quorum: 1, scoringDays: 15 * MINUTE, stageDays: 30 * MINUTE, outlierPoints: 20 },
  selection: { quotas: { city: 2, enterprise: 2 }, minScore: 60, countersignDays: 30 * MINUTE },
  pilot: {
    quarters: 8,
    quarterDays: 5 * MINUTE,
    reportGraceDays: 2 * MINUTE,
    compilationDays: 2 * MINUTE,
    midtermAfterQuarter: 4,
  },
  evaluation: { selfAssessmentDays: 5 * MINUTE, gradingDays: 10 * MINUTE },
  deadlines: Object.fromEntries(
    Object.entries(DEFAULT_DEADLINES).map(([stage, d]) => [
      stage,
      // minutes instead of days: remind 5 minutes ahead, escalate at the due time and 5 minutes
      // later, apply the rule 10 minutes after it (a report's: one compressed quarter)
      {
        ...d,
        reminderDays: 5 * MINUTE,
        levels: d.levels.map((l, i) => ({ ...l, afterDays: i * 5 * MINUTE })),
        defaultAfterDays: stage === 'quarterlyReport' ? 5 * MINUTE : 10 * MINUTE,
      },
    ]),
  ) as RoundConfig['deadlines'],
};

/** Demo experts from provinces other than the demo applicants', so every demo panel can form. */
export const DEMO_EXPERTS = [
  { username: 'demo.expert1', name: '张教授 Prof. Zhang', provinceCode: 'BJ', fields: ['supply-chain finance'] },
  {
    username: 'demo.expert2',
    name: '李研究员 Dr. Li',
    provinceCode: 'SC',
    fields: ['logistics', 'green supply chains'],
  },
  { username: 'demo.expert3', name: '王教授 Prof. Wang', provinceCode: 'HB', fields: ['manufacturing', 'platforms'] },
];

export const DEMO_APPLICANTS = [
  { username: 'demo.city', org: { id: 'demo-org-city', kind: 'city', name: '广州市人民政府', provinceCode: 'GD' } },
  {
    username: 'demo.ftz',
    org: { id: 'demo-org-ftz', kind: 'ftz', name: '中国（上海）自由贸易试验区管理委员会', provinceCode: 'SH' },
  },
  {
    username: 'demo.enterprise',
    org: { id: 'demo-org-enterprise', kind: 'enterprise', name: '广东示例供应链管理有限公司', provinceCode: 'GD' },
  },
  {
    username: 'demo.central',
    org: { id: 'demo-org-central', kind: 'central_enterprise', name: '中国示例物流集团有限公司', provinceCode: null },
  },
] as const;

export function departments() {
  return [
    ...NATIONAL_BODIES.map((b) => ({
      id: b.code,
      level: 'national',
      bodyCode: b.code,
      partyCode: null,
      provinceCode: null,
      nameZh: b.nameZh,
      nameEn: b.nameEn,
    })),
    ...PROVINCES.flatMap((p) =>
      PROVINCIAL_PARTIES.map((party) => ({
        id: provincialDepartmentId(p.code, party.code),
        level: 'provincial',
        bodyCode: null,
        partyCode: party.code,
        provinceCode: p.code,
        ...partyNames(p, party),
      })),
    ),
  ].map((d) => ({ ...d, email: departmentMailbox(d.id) }));
}

/** "广东省省级商务主管部门", but "深圳市商务主管部门": a city's or the Corps' party is not a province's. */
function partyNames(unit: (typeof PROVINCES)[number], party: (typeof PROVINCIAL_PARTIES)[number]) {
  const zh = unit.kind === 'province' ? party.nameZh : party.nameZh.replace(/^省级/, '');
  const en = unit.kind === 'province' ? party.nameEn : party.nameEn.replace(/^Provincial /, '');
  return { nameZh: `${unit.nameZh}${zh}`, nameEn: `${unit.nameEn} — ${en}` };
}

/** The officer account of a department: "mofcom", "gd.commerce". */
export function officerUsername(departmentId: string): string {
  return departmentId.toLowerCase();
}

export interface SeedResult {
  departments: number;
  demoAccounts: string[];
  /** demo mode off: the accounts this run found with the demo password and disabled (an administrator sets them a new one) */
  disabledDemoAccounts: string[];
  /** demo mode off: the demo rounds whose declarations this run closed */
  closedDemoRounds: string[];
}

/** Every username the demo seed creates. */
export function demoUsernames(): string[] {
  return [
    ...departments().map((d) => officerUsername(d.id)),
    'admin',
    'auditor',
    DEMO_EVALUATOR.username,
    ...DEMO_APPLICANTS.map((a) => a.username),
    ...DEMO_EXPERTS.map((e) => e.username),
  ];
}

/** The demo's third-party evaluator (第三方评估机构): an evaluating organisation's account, in demo mode only. */
export const DEMO_EVALUATOR = {
  username: 'demo.evaluator',
  organizationName: '演示第三方评估机构',
  displayName: '演示第三方评估机构 Demo Evaluation Institute',
};

/**
 * Demo mode off: the demo accounts (and any accounts sharing one hash, as seeded accounts do) whose
 * password is the demo password are disabled — each distinct hash is checked once — and their
 * sessions revoked; the demo rounds' declarations close now. Both audited; a second run finds nothing.
 */
async function retireDemo(db: Db, now: Date): Promise<{ accounts: string[]; rounds: string[] }> {
  const candidates = await db.$queryRaw<{ passwordHash: string }[]>`
    SELECT DISTINCT "passwordHash" FROM "User"
    WHERE "passwordHash" LIKE '$%' AND (username = ANY(${demoUsernames()}) OR "passwordHash" IN (SELECT "passwordHash" FROM "User" GROUP BY 1 HAVING count(*) > 1))`;
  const checked = await Promise.all(
    candidates.map(async ({ passwordHash }) =>
      (await verifyPassword(passwordHash, DEMO_PASSWORD)).ok ? passwordHash : undefined,
    ),
  );
  const demoHashes = checked.filter((h): h is string => h !== undefined);
  const accounts = demoHashes.length
    ? await db.user.findMany({
        where: { passwordHash: { in: demoHashes } },
        select: { id: true, username: true },
        orderBy: { username: 'asc' },
      })
    : [];
  if (accounts.length) {
    await db.$transaction(async (tx) => {
      const ids = accounts.map((a) => a.id);
      await tx.user.updateMany({
        where: { id: { in: ids } },
        data: { passwordHash: unusableHash('demo-password'), passwordChangedAt: now },
      });
      const sessions = await tx.session.updateMany({
        where: { userId: { in: ids }, revokedAt: null },
        data: { revokedAt: now },
      });
      await appendAudit(tx, {
        eventKey: `seed/demo-accounts-disabled/${crypto.randomUUID()}`,
        action: 'demo_accounts_disabled',
        reason: 'demo mode is off: the published demo password must log nobody in',
        detail: { count: accounts.length, usernames: accounts.map((a) => a.username), revokedSessions: sessions.count },
      });
    });
  }
  const rounds: string[] = [];
  for (const id of [DEMO_ROUND_ID, COMPRESSED_DEMO_ROUND_ID]) {
    await db.$transaction(async (tx) => {
      const round = await tx.round.findUnique({ where: { id } });
      if (!round || round.declarationDeadline <= now) return;
      await tx.round.update({ where: { id }, data: { declarationDeadline: now } });
      await appendAudit(tx, {
        roundId: id,
        eventKey: `round-${id}/declaration-closed/${crypto.randomUUID()}`,
        action: 'declaration_closed',
        reason: 'demo mode is off',
        detail: { previousDeadline: round.declarationDeadline.toISOString() },
      });
      rounds.push(id);
    });
  }
  return { accounts: accounts.map((a) => a.username), rounds };
}

/** A round and its first version of rules, once: a seeded round that exists is left as it is. */
async function seedRound(
  db: Db,
  round: {
    id: string;
    kind: string;
    nameZh: string;
    nameEn: string;
    declarationOpensAt: Date;
    declarationDeadline: Date;
    config: RoundConfig;
  },
) {
  const config = asJson(round.config);
  await db.round.upsert({ where: { id: round.id }, update: {}, create: { ...round, config } });
  await db.roundConfigVersion.upsert({
    where: { roundId_version: { roundId: round.id, version: 1 } },
    update: {},
    create: { roundId: round.id, version: 1, config, reason: 'seeded' },
  });
}

export async function seed(db: Db, opts: { demoMode: boolean; now?: Date }): Promise<SeedResult> {
  const now = opts.now ?? new Date();
  const depts = departments();
  await db.department.createMany({ data: depts, skipDuplicates: true });
  await seedRound(db, { ...ROUND_2018, config: DEFAULT_ROUND_CONFIG });
  await seedNotice2018(db);
  for (const round of DEMONSTRATION_ROUNDS) await seedRound(db, round);
  if (!opts.demoMode) {
    const retired = await retireDemo(db, now);
    return {
      departments: depts.length,
      demoAccounts: [],
      disabledDemoAccounts: retired.accounts,
      closedDemoRounds: retired.rounds,
    };
  }

  // Open for a year from the first start, so the demo works today.
  const demoWindow = { declarationOpensAt: now, declarationDeadline: new Date(now.getTime() + 365 * 24 * 3600 * 1000) };
  await seedRound(db, {
    id: DEMO_ROUND_ID,
    kind: 'pilot',
    nameZh: '演示轮次（规则同2018年试点）',
    nameEn: 'Demo round (the 2018 rules, open now)',
    ...demoWindow,
    config: DEFAULT_ROUND_CONFIG,
  });
  await seedRound(db, {
    id: COMPRESSED_DEMO_ROUND_ID,
    kind: 'pilot',
    nameZh: '演示轮次（压缩日历：一个季度五分钟）',
    nameEn: 'Demo round on a compressed calendar (a quarter in five minutes)',
    ...demoWindow,
    config: COMPRESSED_CONFIG,
  });
  // One hash for all demo accounts keeps start-up fast; they share the one demo password anyway.
  // Counted over every demo username, so a unit added to the directory later gets its officers too.
  const demoNames = demoUsernames();
  if ((await db.user.count({ where: { username: { in: demoNames } } })) < demoNames.length) {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await db.organization.createMany({
      data: DEMO_APPLICANTS.map((a) => ({ ...a.org, email: `${a.username.replace('.', '-')}@${MAIL_DOMAIN}` })),
      skipDuplicates: true,
    });
    await db.user.createMany({
      data: [
        ...depts.map((d) => ({
          username: officerUsername(d.id),
          passwordHash,
          role: d.level === 'national' ? 'national_officer' : 'provincial_officer',
          displayName: d.nameZh,
          departmentId: d.id,
        })),
        ...DEMO_APPLICANTS.map((a) => ({
          username: a.username,
          passwordHash,
          role: 'applicant',
          displayName: a.org.name,
          organizationId: a.org.id,
        })),
        { username: 'auditor', passwordHash, role: 'auditor', displayName: '审计员 Auditor' },
        { username: 'admin', passwordHash, role: 'admin', displayName: '管理员 Admin' },
        { ...DEMO_EVALUATOR, passwordHash, role: 'evaluator', email: personalMailbox(DEMO_EVALUATOR.username) },
        ...DEMO_EXPERTS.map((e) => ({
          username: e.username,
          passwordHash,
          role: 'expert',
          displayName: e.name,
          email: personalMailbox(e.username),
        })),
      ],
      skipDuplicates: true,
    });
  }
  for (const e of DEMO_EXPERTS) {
    let user = await db.user.findUniqueOrThrow({ where: { username: e.username } });
    // accounts seeded before experts had mailboxes get theirs
    if (!user.email)
      user = await db.user.update({ where: { id: user.id }, data: { email: personalMailbox(e.username) } });
    if (!(await db.expert.findUnique({ where: { userId: user.id } }))) {
      await db.expert.create({
        data: {
          userId: user.id,
          name: e.name,
          fields: e.fields,
          provinceCode: e.provinceCode,
          bodies: ['MOFCOM', 'CFLP'],
        },
      });
    }
  }
  return {
    departments: depts.length,
    demoAccounts: [
      'mofcom … cflp (8 national bodies)',
      'gd.commerce, sz.commerce, bt.industry_it, … (37 reporting units × 7 parties)',
      [
        ...DEMO_APPLICANTS.map((a) => a.username),
        ...DEMO_EXPERTS.map((e) => e.username),
        DEMO_EVALUATOR.username,
        'auditor',
        'admin',
      ].join(', '),
    ],
    disabledDemoAccounts: [],
    closedDemoRounds: [],
  };
}
