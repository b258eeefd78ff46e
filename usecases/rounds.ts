// Rounds as data: the admin creates a round (pilot or demonstration) with its declaration window
// and every rule of its stages, validated as a whole; a change of rules makes a new version, and
// an application keeps the version it was first submitted under (its workflows hold a copy). MOFCOM
// may close a round's declarations early. Every change is recorded in the round's audit trail.
import crypto from 'node:crypto';
import { DEFAULT_DEMONSTRATION, demonstrationRefusal } from '../domain/demonstration';
import { DEMONSTRATION_INDICATORS } from '../domain/indicators';
import { z } from 'zod';
import { appendAudit } from '../platform/audit';
import { annexVersionOf, LATEST_ANNEX_VERSION } from '../domain/annex';
import { LEAD_BODY } from '../domain/bodies';
import { DomainError, fieldErrorsFromZod } from '../domain/errors';
import { declarationPhase, isDeclarationOpen, type RoundConfig } from '../domain/round';
import { applicantDeadlinesOf } from './unitDeadlines';
import { roundConfigSchema } from '../domain/roundSchema';
import { asJson } from '../platform/db';
import { actorOf } from './access';
import type { CurrentUser, UseCaseDeps } from './context';

const when = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/**
 * A demonstration round's rules unless they set their own: its applicants fill in the 申报书 (annex
 * version 3) and assess themselves, and experts score them, on the demonstration indicator system.
 */
function demonstrationDefaults(body: unknown): unknown {
  if (!body || typeof body !== 'object') return body;
  const { kind, config } = body as { kind?: unknown; config?: unknown };
  if (kind !== 'demonstration' || !config || typeof config !== 'object' || Array.isArray(config)) return body;
  return { ...body, config: { rubric: DEMONSTRATION_INDICATORS, annexVersion: 3, ...config } };
}

export const newRoundSchema = z
  .strictObject({
    kind: z.enum(['pilot', 'demonstration']),
    nameZh: z.string().trim().min(1).max(200),
    nameEn: z.string().trim().min(1).max(200),
    declarationOpensAt: when,
    declarationDeadline: when,
    config: roundConfigSchema,
  })
  .refine((r) => r.declarationOpensAt < r.declarationDeadline, {
    message: 'opens_before_deadline',
    path: ['declarationOpensAt'],
  })
  // a pilot round awards no title; a demonstration round's rules default to taking anyone
  .refine((r) => r.kind === 'demonstration' || !r.config.demonstration, {
    message: 'demonstration_rules_in_a_pilot_round',
    path: ['config', 'demonstration'],
  })
  // the 申报书 declares for a title: a pilot round's applicants fill in Annex 1 or 2
  .refine((r) => r.kind === 'demonstration' || r.config.annexVersion !== 3, {
    message: 'declaration_form_in_a_pilot_round',
    path: ['config', 'annexVersion'],
  })
  .transform((r) =>
    r.kind === 'demonstration' && !r.config.demonstration
      ? { ...r, config: { ...r.config, demonstration: DEFAULT_DEMONSTRATION } }
      : r,
  );

export const roundConfigChangeSchema = z.strictObject({
  config: roundConfigSchema,
  reason: z.string().trim().min(1).max(2000),
});

const isAdmin = (user: CurrentUser) => user.role === 'admin';
const namesRubric = (body: unknown) => (body as { config?: { rubric?: unknown } } | null)?.config?.rubric !== undefined;

function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new DomainError('invalid_input', fieldErrorsFromZod(parsed.error.issues));
  return parsed.data;
}

/**
 * Every round, and whether it takes declarations; for an applicant of a reporting unit, as its unit's
 * deadline says (its `applicantDeadline`), so it is never offered a round its unit has closed.
 */
export async function listRounds(deps: UseCaseDeps, user?: CurrentUser) {
  const rounds = await deps.db.round.findMany({ orderBy: { declarationDeadline: 'asc' } });
  const now = deps.now?.() ?? new Date();
  const unit = user?.role === 'applicant' ? user.provinceCode : null;
  const deadlines = unit ? await applicantDeadlinesOf(deps.db, rounds, unit) : undefined;
  // a demonstration round may take only existing pilots: an applicant is not offered one it may not declare in
  const pilots =
    user?.role === 'applicant' && user.organizationId
      ? await deps.db.pilot.findMany({
          where: { application: { organizationId: user.organizationId } },
          select: { status: true },
        })
      : undefined;
  return rounds.map((r, i) => {
    const applicantDeadline = deadlines?.[i].applicantDeadline;
    const rules = (r.config as Pick<RoundConfig, 'demonstration'>).demonstration;
    const eligible = !pilots || !rules || !demonstrationRefusal(rules, pilots);
    return {
      ...r,
      open:
        eligible && isDeclarationOpen(r, now) && (!applicantDeadline || now.getTime() <= applicantDeadline.getTime()),
      ...(eligible ? {} : { eligible }),
      declaration: declarationPhase(r, now),
      ...(applicantDeadline ? { applicantDeadline } : {}),
      // the form its drafts are made on (a round from before versions: 1)
      annexVersion: annexVersionOf(r.config),
    };
  });
}

export async function getRound(deps: UseCaseDeps, id: string) {
  const round = await deps.db.round.findUnique({
    where: { id },
    include: {
      configVersions: { orderBy: { version: 'asc' }, select: { version: true, reason: true, createdAt: true } },
    },
  });
  if (!round) throw new DomainError('not_found');
  const now = deps.now?.() ?? new Date();
  const byVersion = await deps.db.application.groupBy({
    by: ['configVersion'],
    where: { roundId: id, configVersion: { not: null } },
    _count: { _all: true },
  });
  const applications = new Map(byVersion.map((v) => [v.configVersion, v._count._all]));
  const { configVersions, ...rest } = round;
  return {
    ...rest,
    open: isDeclarationOpen(round, now),
    declaration: declarationPhase(round, now),
    annexVersion: annexVersionOf(round.config),
    versions: configVersions.map((v) => ({ ...v, applications: applications.get(v.version) ?? 0 })),
  };
}

export async function createRound(deps: UseCaseDeps, user: CurrentUser, body: unknown) {
  if (!isAdmin(user)) throw new DomainError('forbidden');
  const input = parse(newRoundSchema, demonstrationDefaults(body));
  const now = deps.now?.() ?? new Date();
  if (input.declarationDeadline <= now) {
    throw new DomainError(
      'invalid_input',
      fieldErrorsFromZod([{ code: 'custom', path: ['declarationDeadline'], message: 'deadline_in_future' }]),
    );
  }
  const id = `round-${crypto.randomUUID()}`;
  // a new round's applicants fill in the newest forms unless its rules say otherwise
  const config = { ...input.config, annexVersion: input.config.annexVersion ?? LATEST_ANNEX_VERSION };
  await deps.db.$transaction(async (tx) => {
    await tx.round.create({ data: { id, ...input, config: asJson(config), configVersion: 1 } });
    await tx.roundConfigVersion.create({
      data: { roundId: id, version: 1, config: asJson(config), reason: 'created', createdById: user.id },
    });
    await appendAudit(tx, {
      roundId: id,
      eventKey: `round-${id}/created`,
      action: 'round_created',
      actor: actorOf(user),
      detail: {
        kind: input.kind,
        declarationOpensAt: input.declarationOpensAt.toISOString(),
        declarationDeadline: input.declarationDeadline.toISOString(),
      },
    });
  });
  return getRound(deps, id);
}

/** A new version of the rules for submissions from now on; applications already submitted keep theirs. */
export async function changeRoundConfig(deps: UseCaseDeps, user: CurrentUser, id: string, body: unknown) {
  if (!isAdmin(user)) throw new DomainError('forbidden');
  const input = parse(roundConfigChangeSchema, body);
  await deps.db.$transaction(async (tx) => {
    // the row lock orders concurrent changes: each gets its own version number
    const [round] = await tx.$queryRaw<
      { configVersion: number; config: unknown; kind: string }[]
    >`SELECT "configVersion", config, kind FROM "Round" WHERE id = ${id} FOR UPDATE`;
    if (!round) throw new DomainError('not_found');
    const version = round.configVersion + 1;
    const stored = round.config as Partial<RoundConfig>;
    // new rules keep the round's forms unless they name a version: drafts move to a newer one only when asked
    const config = {
      ...input.config,
      annexVersion: input.config.annexVersion ?? annexVersionOf(round.config),
      // nor a demonstration round's indicators, which its 申报书 drafts assess themselves on
      ...(round.kind === 'demonstration' && !namesRubric(body) && stored.rubric ? { rubric: stored.rubric } : {}),
    };
    if (round.kind !== 'demonstration' && config.annexVersion === 3)
      throw new DomainError(
        'invalid_input',
        fieldErrorsFromZod([
          { code: 'custom', path: ['config', 'annexVersion'], message: 'declaration_form_in_a_pilot_round' },
        ]),
      );
    await tx.round.update({ where: { id }, data: { config: asJson(config), configVersion: version } });
    await tx.roundConfigVersion.create({
      data: { roundId: id, version, config: asJson(config), reason: input.reason, createdById: user.id },
    });
    await appendAudit(tx, {
      roundId: id,
      eventKey: `round-${id}/config/${version}`,
      action: 'round_config_changed',
      actor: actorOf(user),
      reason: input.reason,
      detail: { version },
    });
  });
  return getRound(deps, id);
}

export async function closeDeclaration(deps: UseCaseDeps, user: CurrentUser, roundId: string) {
  if (user.role !== 'admin' && !(user.role === 'national_officer' && user.departmentId === LEAD_BODY))
    throw new DomainError('forbidden');
  const now = deps.now?.() ?? new Date();
  return deps.db.$transaction(async (tx) => {
    const round = await tx.round.findUnique({ where: { id: roundId } });
    if (!round) throw new DomainError('not_found');
    if (!isDeclarationOpen(round, now)) throw new DomainError('deadline_passed');
    const closed = await tx.round.update({ where: { id: roundId }, data: { declarationDeadline: now } });
    await appendAudit(tx, {
      roundId,
      eventKey: `round-${roundId}/declaration-closed/${crypto.randomUUID()}`,
      action: 'declaration_closed',
      actor: actorOf(user),
      detail: { previousDeadline: round.declarationDeadline.toISOString() },
    });
    return closed;
  });
}
