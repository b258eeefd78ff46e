// A round's rules as the form holds them. Rounds from before a section existed lack it, and the
// server takes its default for them — the 2018 round's rules (domain/round.ts DEFAULT_ROUND_CONFIG
// is what the seed gives that round) — so the form fills a missing section from that round.
import { i18n } from '../../i18n';
import { cst } from '../../time';
import { DEADLINE_STAGES, DEFAULT_RULES, setAt } from './fields';
import type { RoundConfig, RoundItem } from './types';

export const TEMPLATE_ROUND = 'pilot-2018';

const SECTIONS = ['expertReview', 'selection', 'pilot', 'evaluation'] as const;

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Whether the form needs the template round to fill what `config` lacks. */
export function lacksSections(config: Partial<RoundConfig>): boolean {
  return (
    SECTIONS.some((s) => !config[s]) ||
    !Array.isArray(config.rubric) ||
    DEADLINE_STAGES.some((s) => !config.deadlines?.[s])
  );
}

/** A copy of `config` with every section the form shows (missing ones from `template`), or null if its shape is not a round's. */
export function completed(config: unknown, template?: Partial<RoundConfig>): RoundConfig | null {
  if (!config || typeof config !== 'object' || Array.isArray(config)) return null;
  const c = clone(config) as Record<string, unknown> & Partial<RoundConfig>;
  const isObject = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);
  for (const s of SECTIONS) {
    if (c[s] === undefined && template?.[s]) c[s] = clone(template[s]) as never;
    if (!isObject(c[s])) return null;
  }
  if (!isObject(c.selection!.quotas)) return null;
  c.rubric ??= clone(template?.rubric ?? []);
  if (!Array.isArray(c.rubric) || !c.rubric.every(isObject)) return null;
  c.deadlines ??= {};
  if (!isObject(c.deadlines)) return null;
  for (const s of DEADLINE_STAGES) {
    c.deadlines[s] ??= clone(
      template?.deadlines?.[s] ?? {
        reminderDays: null,
        levels: [],
        defaultAfterDays: null,
        defaultRule: DEFAULT_RULES[s][0],
      },
    );
    const stage = c.deadlines[s];
    if (
      !isObject(stage) ||
      !Array.isArray(stage.levels) ||
      !stage.levels.every((l) => isObject(l) && Array.isArray(l.notify))
    )
      return null;
  }
  if (c.publicNotice !== undefined && !isObject(c.publicNotice)) return null;
  c.dayCount ??= 'calendar';
  return c as RoundConfig;
}

export const stringify = (config: RoundConfig) => JSON.stringify(config, null, 2);

/** A new demonstration round's rules unless it sets its own (GET /api/reference demonstrationDefaults). */
export type DemonstrationDefaults = Required<Pick<RoundConfig, 'demonstration' | 'rubric' | 'annexVersion'>>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Fits the rules to the round's kind, as the server would default them: a demonstration round gets
 * its section, the 申报书 and the indicator system where the rules are still the template's; back to
 * a pilot round, they are the template's again. What the admin changed stays.
 */
export function fitToKind(
  config: RoundConfig,
  kind: 'pilot' | 'demonstration',
  template: RoundConfig,
  defaults: DemonstrationDefaults,
) {
  const [from, to] = kind === 'demonstration' ? [template, defaults] : [defaults, template];
  if (kind === 'demonstration') config.demonstration ??= clone(defaults.demonstration);
  else delete config.demonstration;
  if (same(config.rubric, from.rubric)) config.rubric = clone(to.rubric);
  if (config.annexVersion === from.annexVersion) setAt(config, 'annexVersion', to.annexVersion);
}

export const templateOf = (rounds: RoundItem[]) =>
  rounds.find((r) => r.id === TEMPLATE_ROUND)?.config ?? rounds[0]?.config;

/** The declaration window in words (a round from before opening times has only its deadline). */
export function windowOf(round: Pick<RoundItem, 'declarationOpensAt' | 'declarationDeadline'>): string {
  return round.declarationOpensAt
    ? `${cst(round.declarationOpensAt)} – ${cst(round.declarationDeadline)}`
    : i18n.global.t('rounds.until', { at: cst(round.declarationDeadline) });
}
