// A selected city's application and its pilot, for the tests of what happens to a pilot (its
// evaluation, removal, incentives) without driving a round through selection first.
import { DEFAULT_ROUND_CONFIG, type RoundConfig } from '../../domain/round';
import { pilotWorkflowId, type PilotInput } from '../../shared/definitions';
import { cityAnnex } from './fixtures';
import { newApplicant, newRound, waitFor, type Harness } from './harness';

/** A city of `unit` whose application was selected: its row in state `pilot`, no workflow. */
export async function selectedCity(
  h: Harness,
  opts: { unit?: string; name?: string; round?: Parameters<typeof newRound>[1] } = {},
) {
  const unit = opts.unit ?? 'GD';
  const applicant = await newApplicant(h, 'city', unit, opts.name);
  const round = await newRound(h, opts.round);
  const app = await h.db.application.create({
    data: {
      roundId: round.id,
      organizationId: applicant.org.id,
      kind: 'city',
      provinceCode: unit,
      status: 'pilot',
      annex: cityAnnex(),
    },
  });
  return { applicant, id: app.id, roundId: round.id, unit };
}

/**
 * The city's pilot workflow, started as its application's starts it once selected, from `startsAt`
 * (on a time-skipping server: its clock, which an earlier test may have skipped ahead); resolves
 * once the pilot has recorded its start.
 */
export async function startPilot(
  h: Harness,
  city: Awaited<ReturnType<typeof selectedCity>>,
  startsAt: Date,
  config: RoundConfig = DEFAULT_ROUND_CONFIG,
) {
  const input: PilotInput = {
    applicationId: city.id,
    roundId: city.roundId,
    kind: 'city',
    provinceCode: city.unit,
    startsAt: startsAt.toISOString(),
    config,
  };
  const pilot = await h.client.workflow.start('pilotWorkflow', {
    workflowId: pilotWorkflowId(city.id),
    taskQueue: h.taskQueue,
    args: [input],
  });
  await waitFor('the pilot', () => h.db.pilot.findUnique({ where: { id: city.id } }));
  return pilot;
}

/** A running pilot's row only (no workflow), in the state given. */
export async function pilotRow(h: Harness, status = 'running') {
  const city = await selectedCity(h);
  await h.db.pilot.create({
    data: {
      id: city.id,
      roundId: city.roundId,
      kind: 'city',
      provinceCode: city.unit,
      status,
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 730 * 86_400_000),
    },
  });
  return city;
}
