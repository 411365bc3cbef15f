import type { GrafanaVariable } from './grafana-schema';

// `$var`, `${var}`, `${var:format}` and the deprecated `[[var]]`.
const REFERENCE = /\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)(?::[^\]]*)?\]\]|\$(\w+)/g;

/** `used`: the variables put in place, by name, with the value each stands for. */
export type Substitution = { ok: true; target: string; used: [name: string, value: string][] } | { ok: false; why: string };

/**
 * Replaces each variable with its saved current value. We chose to substitute rather than skip:
 * the dashboard then opens showing what its author last looked at, which is what a person
 * importing it expects. A variable with no single value (several, "All", or none saved) or a
 * Grafana built-in (`$__interval`) has nothing to stand for here, so its target is skipped.
 */
export function substituteVariables(target: string, variables: readonly GrafanaVariable[]): Substitution {
  let failure: string | null = null;
  const used: [string, string][] = [];
  const replaced = target.replace(REFERENCE, (whole, braced?: string, bracketed?: string, bare?: string) => {
    const name = braced ?? bracketed ?? bare ?? '';
    const value = singleValue(variables.find((v) => v.name === name));
    if (value === null) failure ??= `uses the variable ${whole}, which has no single current value to put in its place`;
    else used.push([name, value]);
    return value ?? whole;
  });
  return failure === null ? { ok: true, target: replaced, used } : { ok: false, why: failure };
}

function singleValue(variable: GrafanaVariable | undefined): string | null {
  let value = variable?.current?.value;
  if (Array.isArray(value)) value = value.length === 1 ? value[0] : undefined;
  if (typeof value !== 'string' || value === '' || value === '$__all') return null;
  return value;
}
