// A third-party evaluator's account, and a city's pilot at its mid-term in a round with indicators
// whose evaluator MOFCOM appointed — for the third-party evaluation's API and browser tests.
import crypto from 'node:crypto';
import { daysToMs, DEFAULT_ROUND_CONFIG, type RubricCriterion } from '../../domain/round';
import { hashPasswordSync } from '../../platform/passwords';
import { DEMO_PASSWORD } from '../../platform/seed';
import { http, login, waitFor, type Harness, type startTimeSkippingHarness } from './harness';

type TimeSkipping = Awaited<ReturnType<typeof startTimeSkippingHarness>>;
import { selectedCity, startPilot } from './pilots';

const QUARTER = daysToMs(DEFAULT_ROUND_CONFIG.pilot.quarterDays);
const HASH = hashPasswordSync(DEMO_PASSWORD);

/** An evaluating organisation's account (role evaluator), logged in. */
export async function newEvaluator(h: Harness, organization = '第三方评估机构') {
  const suffix = crypto.randomUUID().slice(0, 8);
  const user = await h.db.user.create({
    data: {
      username: `evaluator-${suffix}`,
      passwordHash: HASH,
      role: 'evaluator',
      displayName: `评估机构 ${suffix}`,
      organizationName: `${organization} ${suffix}`,
      email: `evaluator-${suffix}@example.org`,
    },
  });
  return { user, token: await login(h, user.username) };
}

/**
 * A Guangdong city's pilot in a round with these indicators, `evaluatorId` appointed by MOFCOM, at
 * its mid-term with `selfAssessment` sent (on the time-skipping server: four quarters skipped).
 */
export async function pilotAtMidterm(
  h: TimeSkipping,
  opts: { evaluatorId: string; indicators: RubricCriterion[]; selfAssessment: Record<string, unknown>; name?: string },
) {
  const evaluation = { ...DEFAULT_ROUND_CONFIG.evaluation, indicators: opts.indicators };
  const city = await selectedCity(h, { name: opts.name, round: { evaluation } });
  const appointed = await http(h.baseUrl, 'PUT', `/api/rounds/${city.roundId}/evaluator`, {
    token: await login(h, 'mofcom'),
    body: { userId: opts.evaluatorId },
  });
  if (appointed.status !== 200) throw new Error(`appointment: ${appointed.status} ${JSON.stringify(appointed.body)}`);
  await startPilot(h, city, await h.now(), { ...DEFAULT_ROUND_CONFIG, evaluation });
  await h.skip(4 * QUARTER);
  await waitFor('the mid-term', () => h.db.evaluation.findUnique({ where: { id: `${city.id}:midterm` } }));
  const sent = await http(h.baseUrl, 'POST', `/api/pilots/${city.id}/evaluations/midterm/self-assessment`, {
    token: city.applicant.token,
    body: opts.selfAssessment,
  });
  if (sent.status !== 200) throw new Error(`self-assessment: ${sent.status} ${JSON.stringify(sent.body)}`);
  return { id: city.id, roundId: city.roundId, appointed: appointed.body };
}
