import type { DrillResult } from '../contract/incident-types';
import type { ParsedInput, RequestOutput } from '../contract/requests';
import { flipMarkerId } from '../deploys/flip-marker';
import { NotConfiguredError } from '../errors';
import type { HandlerContext } from './dispatcher';
import type { EventHub } from './event-hub';

export interface IncidentHandlerDeps {
  events: EventHub;
  /** The demo world's drill; null when the console shows configured backends. */
  drill: ((signal: AbortSignal) => Promise<DrillResult>) | null;
}

type Handler<N extends 'demo.drill'> = (input: ParsedInput<N>, context: HandlerContext) => Promise<RequestOutput<N>>;

/** The incident mode's requests: spread into createOpsService's handlers. */
export function incidentHandlers({ events, drill }: IncidentHandlerDeps): { 'demo.drill': Handler<'demo.drill'> } {
  return {
    'demo.drill': async (_input, { signal }) => {
      if (!drill) throw new NotConfiguredError('The incident drill plays in the demo world only; this console shows your configured backends.');
      const result = await drill(signal);
      // Every dashboard refetches at once, so the spike is on screen without waiting for a refresh.
      // The id is the one the flip's Graphite event is read back with, so it is drawn once.
      events.emit('markers.added', {
        markers: [
          {
            id: flipMarkerId(result.flag, result.environment, result.rampAt),
            kind: 'flip',
            at: result.rampAt,
            who: 'kastner@example.com',
            what: `flag ${result.flag} off → on for everyone in ${result.environment}: ramping the new tax engine to everyone`,
            link: null,
            tags: ['flag', result.flag, result.environment],
          },
        ],
      });
      return result;
    },
  };
}
