import type { DrillResult } from '../contract/incident-types';
import { ConflictError } from '../errors';
import { createGraphiteClient } from '../graphite/graphite-client';
import { MISBEHAVING_FLAG } from './demo-flags';
import type { DemoWorld } from './world';

/**
 * How far back checkout is made quiet: the default graph range, so the spike rises from a clean
 * baseline across the whole window (the demo's flag was otherwise on for the last 35 minutes).
 */
const QUIET_MS = 60 * 60_000;
/** The deploy goes out 2.5 min before the drill is run, the flag 30 s later: a spike two minutes wide, already on screen. */
const DEPLOY_BEFORE_MS = 150_000;
const RAMP_BEFORE_MS = 120_000;
/**
 * How long after the drill checkout's own demo deploys stay harmless, as they are over the quiet
 * hour before it: the story has one cause, and its recovery is not muddied by a bad deploy.
 */
const CALM_AFTER_MS = 30 * 60_000;
const SERVICE = 'checkout';
const ENVIRONMENT = 'production';
const DEPLOYER = 'kastner';
const RAMPER = 'kastner@example.com';

/**
 * The incident drill: the last few minutes of the demo's checkout, rewritten into the story an
 * on-call engineer meets. Checkout was quiet; a deploy went out ("move tax calculation behind a
 * flag"); 30 s later the new tax engine was turned on for everyone in production; the error
 * rate climbs and error lines appear in checkout's logs from then on.
 *
 * The past hour is written into the world (the flag's history, and no harm from checkout's other
 * deploys, so Graphite and the logs follow it),
 * and the deploy and the flip are posted to the demo Graphite's events API the way a deploy
 * script and this console would post them, so the real adapters read them back as markers.
 * Deterministic and instant: the spike is on the graphs as soon as they refresh.
 */
export async function runIncidentDrill(world: DemoWorld, graphiteUrl: string, signal: AbortSignal): Promise<DrillResult> {
  const ranAt = world.now();
  const deployAt = ranAt - DEPLOY_BEFORE_MS;
  const rampAt = ranAt - RAMP_BEFORE_MS;
  const history = world.flags.events().filter((e) => e.featureName === MISBEHAVING_FLAG && e.environment === ENVIRONMENT);
  const lastChange = Math.max(0, ...history.map((e) => Date.parse(e.createdAt)));
  // The quiet start must come after every recorded change, or the rewritten past would contradict it;
  // a millisecond after the last one, so that change never shows as a blip on the graphs.
  const quietFrom = Math.max(ranAt - QUIET_MS, lastChange + 1);
  if (quietFrom >= deployAt) {
    throw new ConflictError(`${MISBEHAVING_FLAG} changed in production less than ${DEPLOY_BEFORE_MS / 1000} s ago; run the drill again in a few minutes.`);
  }
  if (world.flags.stateAt(MISBEHAVING_FLAG, ENVIRONMENT, quietFrom).enabled) {
    world.flags.flipAt(MISBEHAVING_FLAG, ENVIRONMENT, false, 'drill', quietFrom);
  }
  world.flags.flipAt(MISBEHAVING_FLAG, ENVIRONMENT, true, RAMPER, rampAt);
  world.keepCalm(SERVICE, quietFrom, ranAt + CALM_AFTER_MS);

  const graphite = createGraphiteClient({ kind: 'graphite', id: 'demo-drill', name: 'Graphite (demo)', url: graphiteUrl, auth: { type: 'none' } }, { reveal: () => undefined });
  await graphite.postEvent(
    {
      what: `${SERVICE}: move tax calculation behind a flag`,
      tags: ['deploy', SERVICE],
      data: JSON.stringify({ who: DEPLOYER, sha: 'd7111c0ffe' }),
      when: deployAt / 1000,
    },
    signal,
  );
  // Tagged and worded as this console records a flip (src/deploys/graphite-change-recorder.ts).
  await graphite.postEvent(
    {
      what: `flag ${MISBEHAVING_FLAG} off → on for everyone in ${ENVIRONMENT}`,
      tags: ['flag', MISBEHAVING_FLAG, ENVIRONMENT],
      data: JSON.stringify({ who: RAMPER, reason: 'ramping the new tax engine to everyone' }),
      when: rampAt / 1000,
    },
    signal,
  );
  return { service: SERVICE, flag: MISBEHAVING_FLAG, environment: ENVIRONMENT, deployAt, rampAt, ranAt };
}
