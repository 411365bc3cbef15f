import { hash, pick, unit } from './noise';

export interface DemoDeploy {
  at: number;
  service: string;
  who: string;
  what: string;
  sha: string;
}

const SLOT_MS = 6 * 60_000;
const PEOPLE = ['allspaw', 'hammond', 'kastner', 'mcdonnell', 'snyder', 'fitzpatrick', 'kalonji', 'dixon'];
/** (Not the incident drill's "move tax calculation behind a flag": its deploy is the only one saying so.) */
const CHANGES = [
  'cache listing thumbnails longer',
  'fix N+1 query in shop page',
  'new search ranking weights',
  'bump payment client timeout',
  'copy change on cart page',
  'log request ids end to end',
  'trim listing image sizes',
  'drop unused column reads',
  'retry mail delivery with backoff',
  'tune connection pool size',
];

/**
 * About one deploy every six minutes, every day, as at Etsy in 2010: each slot holds one deploy
 * at a fixed offset, so a deploy seen once is the same deploy on every later render.
 */
export function deploysBetween(services: readonly string[], from: number, until: number): DemoDeploy[] {
  const deploys: DemoDeploy[] = [];
  for (let slot = Math.floor(from / SLOT_MS); slot * SLOT_MS <= until; slot++) {
    const at = slot * SLOT_MS + Math.floor(unit('deploy-offset', slot) * (SLOT_MS - 60_000));
    if (at < from || at > until) continue;
    const service = pick(services, 'deploy-service', slot);
    deploys.push({
      at,
      service,
      who: pick(PEOPLE, 'deploy-who', slot),
      what: `${service}: ${pick(CHANGES, 'deploy-what', slot)}`,
      sha: (hash('sha', slot).toString(16) + hash('sha2', slot).toString(16)).slice(0, 10),
    });
  }
  return deploys;
}

/** Some deploys go a little wrong: a short burst of errors in their service, which the logs show too. */
export function deployErrorBump(deploy: DemoDeploy, at: number): number {
  if (unit('deploy-bad', deploy.at) > 0.15 || at < deploy.at) return 0;
  const minutes = (at - deploy.at) / 60_000;
  return minutes < 8 ? 0.02 * (1 - minutes / 8) : 0;
}
