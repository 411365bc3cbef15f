import axios from 'axios';

import { plainText } from '../backends/error-body';
import { clip } from '../clip';
import { BackendUnavailableError, InvalidInputError } from '../errors';

/** Graphite's sentences quote targets and tracebacks: this much of each. */
const CLIP = 200;

/** What was being asked, for the sentence that explains a failure. */
export interface GraphiteCall {
  name: string;
  url: string;
  endpoint: string;
  /** Render targets, when the call was a render. */
  targets?: string[];
}

/**
 * graphite-web's failures in one readable sentence each. It answers a bad target with a 400 of
 * plain text, a target it chokes on with a 500 HTML page around a Python traceback, and a
 * missing feature (no events app, wrong base path) with a 404 page. Connection failures, time
 * outs and refused credentials are already worded by the HTTP client and pass through.
 */
export function explainGraphiteFailure(call: GraphiteCall, error: unknown): unknown {
  const cause = error instanceof BackendUnavailableError ? error.cause : undefined;
  const response = axios.isAxiosError(cause) ? cause.response : undefined;
  if (!response) return error;
  const body = typeof response.data === 'string' ? response.data : '';
  const what = call.targets ? `the ${call.targets.length === 1 ? 'target' : 'targets'} ${quote(call.targets)}` : `${call.endpoint}`;
  switch (response.status) {
    case 400:
      return new InvalidInputError(`${call.name} rejected ${what}: ${invalidParameters(body)}.`, [], { cause: error });
    case 404:
      return new BackendUnavailableError(
        `${call.name} at ${call.url} has no ${call.endpoint} (404): is the URL graphite-web's own address${call.endpoint.startsWith('/events') ? ', with its events API' : ''}?`,
        { cause: error },
      );
    case 500: {
      const said = tracebackTail(body);
      const advice = call.targets ? ' Check the syntax and the function arguments.' : '';
      const verb = call.targets ? `could not evaluate ${what}` : `failed on ${what}`;
      return new BackendUnavailableError(`${call.name} ${verb} (server error 500)${said ? `; it said ${said}` : ''}.${advice}`, { cause: error });
    }
    default:
      return error;
  }
}

/** `Invalid parameters (Received request for unknown function: foo); targets: "…"` → the part in parentheses. */
function invalidParameters(body: string): string {
  const text = plainText(body);
  const match = /^Invalid parameters \((.*?)\)(?:; targets: ".*)?$/.exec(text);
  return clip(match?.[1] ?? text, CLIP) || 'no reason given';
}

/** The exception line of the traceback graphite-web embeds in its 500 page, as plain text. */
function tracebackTail(html: string): string | null {
  // Two linear searches, not one lazy regex: that would rescan the page from every `<pre>` left unclosed.
  const open = html.search(/<pre>/i);
  const rest = open < 0 ? '' : html.slice(open + '<pre>'.length);
  const close = rest.search(/<\/pre>/i);
  const pre = close < 0 ? undefined : rest.slice(0, close);
  const last = pre
    ?.split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .pop();
  if (!last) return null;
  return `"${clip(plainText(last), CLIP)}"`;
}

function quote(targets: string[]): string {
  return clip(targets.map((t) => `"${t}"`).join(', '), CLIP);
}
