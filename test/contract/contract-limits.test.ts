// Every string and array a request can carry has a maximum, so a huge or deep input is one clear
// refusal instead of a stack overflow or a megabyte error answer (zod checks an array's length
// before its items). A property of the contract as a whole: a request added later is held to it.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { requests } from '../../src/contract/requests';

type JsonSchema = { [key: string]: unknown };

/** A pattern anchored at both ends with no unbounded repeat bounds its string's length by itself. */
const boundedPattern = (pattern: unknown) => typeof pattern === 'string' && pattern.startsWith('^') && pattern.endsWith('$') && !/(?<!\\)[*+]|\{\d+,\}/.test(pattern);

/** The places in a JSON schema where a string or an array has no maximum. */
function unbounded(node: unknown, path: string): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const schema = node as JsonSchema;
  const found: string[] = [];
  if (schema.type === 'string' && schema.maxLength === undefined && schema.enum === undefined && schema.const === undefined && !boundedPattern(schema.pattern)) found.push(`${path}: a string with no maximum`);
  if (schema.type === 'array' && schema.maxItems === undefined) found.push(`${path}: an array with no maximum`);
  for (const [key, value] of Object.entries(schema)) {
    if (Array.isArray(value)) value.forEach((item, i) => found.push(...unbounded(item, `${path}.${key}[${i}]`)));
    else found.push(...unbounded(value, key === 'properties' ? path : `${path}.${key}`));
  }
  return found;
}

describe('the contract bounds what a request can carry', () => {
  for (const [name, spec] of Object.entries(requests)) {
    it(`${name}: every string and array has a maximum`, () => {
      const schema = z.toJSONSchema(spec.input as z.ZodType, { io: 'input', unrepresentable: 'any' });
      expect(unbounded(schema, name)).toEqual([]);
    });
  }

  it('sees a missing maximum (the check itself works)', () => {
    const schema = z.toJSONSchema(z.object({ ok: z.string().max(10), open: z.array(z.string().regex(/^a+$/)) }), { io: 'input' });
    expect(unbounded(schema, 'probe')).toEqual(['probe.open: an array with no maximum', 'probe.open.items: a string with no maximum']);
  });
});
