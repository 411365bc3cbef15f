// The slice of RFC 6902 JSON Patch that Unleash's strategy PATCH is used with: test, replace,
// add and remove on plain object paths. A failed `test` throws like fast-json-patch does, which
// Unleash 8 turns into a 500 UnknownError carrying this very message.

export interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
}

export class JsonPatchError extends Error {}

/** Applies `operations` to a copy of `document`; throws JsonPatchError and leaves `document` alone on any failure. */
export function applyJsonPatch<T>(document: T, operations: unknown): T {
  if (!Array.isArray(operations)) throw new JsonPatchError('Patch sequence must be an array');
  const result = structuredClone(document) as unknown;
  operations.forEach((raw: unknown, index) => {
    const operation = asOperation(raw, index);
    const keys = operation.path.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop();
    if (last === undefined) throw new JsonPatchError(`Operation \`path\` must not be the whole document\nindex: ${index}`);
    const parent = keys.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), result);
    if (!isRecord(parent)) throw new JsonPatchError(failure('OPERATION_PATH_UNRESOLVABLE', 'Cannot perform the operation at a path that does not exist', index, operation));
    switch (operation.op) {
      case 'test':
        if (JSON.stringify(parent[last]) !== JSON.stringify(operation.value)) {
          throw new JsonPatchError(failure('TEST_OPERATION_FAILED', 'Test operation failed', index, operation));
        }
        break;
      case 'replace':
      case 'add':
        parent[last] = structuredClone(operation.value);
        break;
      case 'remove':
        delete parent[last];
        break;
      default:
        throw new JsonPatchError(failure('OPERATION_OP_INVALID', 'Operation `op` property is not one of operations defined in RFC-6902', index, operation));
    }
  });
  return result as T;
}

function asOperation(raw: unknown, index: number): PatchOperation {
  if (isRecord(raw) && typeof raw.op === 'string' && typeof raw.path === 'string') return { op: raw.op, path: raw.path, value: raw.value };
  throw new JsonPatchError(`Operation is not an object with \`op\` and \`path\`\nindex: ${index}`);
}

function failure(name: string, message: string, index: number, operation: PatchOperation): string {
  return `${message}\nname: ${name}\nindex: ${index}\noperation: ${JSON.stringify(operation)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
