/**
 * graphite-web's two kinds of failure, kept apart because clients see them so differently:
 * an `InputParameterError` becomes a 400 with one line of text, anything else a 500 HTML page
 * with the Python traceback in it.
 */
export class GraphiteInputError extends Error {
  override readonly name = 'InputParameterError';
}

/** What graphite-web would have raised from Python: `exception` is the class name in the traceback. */
export class GraphiteServerError extends Error {
  constructor(
    readonly exception: string,
    message: string,
  ) {
    super(message);
    this.name = 'GraphiteServerError';
  }
}

/** The 400 body: `Invalid parameters (…); targets: "…"`, as graphite-web words it. */
export function invalidParameters(message: string, targets: string[] = []): string {
  const joined = targets.join(', ');
  return `Invalid parameters (${message})${joined ? `; targets: "${joined}"` : ''}`;
}

/** graphite-web's 500.html, traceback included, so clients meet the same page they would in production. */
export function serverErrorPage(error: GraphiteServerError, where: string): string {
  const traceback = [
    'Traceback (most recent call last):',
    '  File "/usr/lib/python3/dist-packages/django/core/handlers/exception.py", line 47, in inner',
    '    response = get_response(request)',
    `  File "/usr/lib/python3/dist-packages/graphite/${where}", line 1, in <module>`,
    `${error.exception}: ${error.message}`,
  ].join('\n');
  return [
    '<body style="background-color: #666666; color: black;">',
    '<center>',
    `<h2 style='font-family: "Arial", sans-serif'>`,
    '<p>Graphite encountered an unexpected error while handling your request.</p>',
    '<p>Please contact your site administrator if the problem persists.</p>',
    '</h2>',
    '<br/>',
    '<div style="width: 50%; text-align: center; font-family: monospace; background-color: black; font-weight: bold; color: #ff4422;">',
    '',
    '</div>',
    '',
    '<div style="width: 70%; text-align: left; background-color: black; color: #44ff22; border: thin solid gray;">',
    `<pre>\n${escapeHtml(traceback)}\n\n</pre>`,
    '</div>',
    '</center>',
    '',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}
