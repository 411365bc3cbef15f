import type { DemoWorld } from './world';
import { GraphiteInputError, GraphiteServerError, serverErrorPage } from './graphite-errors';
import type { HttpAnswer } from './graphite-render';
import { parseGraphiteTime } from './graphite-time';

interface StoredEvent {
  id: number;
  /** Epoch seconds, fractions kept (graphite-web stores a datetime and prints whole seconds). */
  when: number;
  what: string;
  data: string;
  /** Space-separated, as graphite-web stores them. */
  tags: string;
}

// datetime.utcfromtimestamp's range: a `when` in milliseconds is "year out of range" there.
const LATEST_WHEN = 253_402_300_799;
const HTML = 'text/html; charset=utf-8';

/**
 * graphite-web's events API over the world's deploys plus whatever was posted (kept in memory):
 * `GET /events/get_data` and `POST /events/`, with 1.1.8's statuses for bad input.
 */
export interface EventStore {
  getData(query: URLSearchParams): HttpAnswer;
  post(body: string): HttpAnswer;
}

export function createEventStore(world: DemoWorld): EventStore {
  const posted: StoredEvent[] = [];

  const deploys = (from: number, until: number): StoredEvent[] =>
    world.deploys(from * 1000, until * 1000).map((d) => ({
      id: Math.floor(d.at / 1000),
      when: d.at / 1000,
      what: d.what,
      data: JSON.stringify({ who: d.who, sha: d.sha }),
      tags: `deploy ${d.service}`,
    }));

  return {
    getData(query: URLSearchParams): HttpAnswer {
      const current = now();
      let from: number;
      let until: number;
      try {
        from = query.has('from') ? parseGraphiteTime(query.get('from')!, Math.floor(current)) : 0;
        until = query.has('until') ? parseGraphiteTime(query.get('until')!, Math.floor(current)) : current;
      } catch (error) {
        // No InputParameterError handling on this view: a bad time is a 500 page here.
        if (error instanceof GraphiteInputError) return serverError(new GraphiteServerError('ValueError', error.message));
        throw error;
      }
      // django-tagging drops tags no event has ever carried, so `deploy nosuchtag` means `deploy`
      // (and a lone unknown tag means nothing at all).
      const known = new Set(['deploy', ...world.services().map((s) => s.name), ...posted.flatMap((e) => e.tags.split(/\s+/))]);
      const wanted = query.has('tags') ? query.get('tags')!.split(' ').filter((t) => known.has(t)) : null;
      const union = query.get('set') === 'union';
      const matches = (e: StoredEvent) => {
        if (!wanted) return true;
        const tags = e.tags.split(/\s+/);
        return wanted.length > 0 && (union ? wanted.some((t) => tags.includes(t)) : wanted.every((t) => tags.includes(t)));
      };
      const events = [...deploys(from, until), ...posted]
        .filter((e) => e.when >= from && e.when <= until && matches(e))
        .sort((a, b) => a.when - b.when)
        .map((e) => ({ when: Math.floor(e.when), what: e.what, data: e.data, tags: e.tags.split(/\s+/).filter(Boolean), id: e.id }));
      const json = JSON.stringify(events);
      const jsonp = query.get('jsonp');
      return jsonp ? { status: 200, type: 'text/javascript', body: `${jsonp}(${json})` } : { status: 200, type: 'application/json', body: json };
    },

    post(body: string): HttpAnswer {
      let event: unknown;
      try {
        event = JSON.parse(body);
      } catch {
        return serverError(new GraphiteServerError('json.decoder.JSONDecodeError', 'Expecting value: line 1 column 1 (char 0)'));
      }
      if (typeof event !== 'object' || event === null || Array.isArray(event)) return serverError(new GraphiteServerError('AssertionError', ''));
      const { what, tags = null, data = '' } = event as Record<string, unknown>;
      let joined = '';
      if (Array.isArray(tags)) {
        if (!tags.every((t) => typeof t === 'string')) return serverError(new GraphiteServerError('TypeError', 'sequence item 0: expected str instance'));
        joined = tags.join(' ');
      } else if (typeof tags === 'string') joined = tags;
      else if (tags !== null) {
        return { status: 400, type: HTML, body: JSON.stringify({ error: '"tags" must be an array or space-separated string' }).replace(':', ': ') };
      }
      let when = now();
      if ('when' in event) {
        const given = event.when;
        if (typeof given !== 'number' || !Number.isFinite(given)) {
          return serverError(new GraphiteServerError('TypeError', `'${typeof given === 'string' ? 'str' : 'NoneType'}' object cannot be interpreted as an integer`));
        }
        if (Math.abs(given) > LATEST_WHEN) {
          return serverError(new GraphiteServerError('ValueError', `year ${Math.floor(given / 31_556_952) + 1970} is out of range`));
        }
        when = given;
      }
      if (what === undefined || what === null || data === null) {
        return serverError(new GraphiteServerError('django.db.utils.IntegrityError', `NOT NULL constraint failed: events_event.${data === null ? 'data' : 'what'}`));
      }
      const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
      posted.push({ id: posted.length + 1, when, what: text(what), data: text(data), tags: joined });
      return { status: 200, type: HTML, body: '' };
    },
  };

  function now(): number {
    return world.now() / 1000;
  }
}

function serverError(error: GraphiteServerError): HttpAnswer {
  return { status: 500, type: HTML, body: serverErrorPage(error, 'events/views.py') };
}
