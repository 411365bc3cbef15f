import type { BackendDefinition } from '../../../src/contract/backend-definitions';
import type { RequestInput } from '../../../src/contract/requests';

/** What the form sends: the core validates it (and so does the form, with the same schema, first). */
export type DefinitionInput = RequestInput<'backends.save'>['definition'];

export type BackendKind = BackendDefinition['kind'];
export type DeployType = 'graphite-events' | 'graphite-series' | 'http-json';
export type AuthType = 'none' | 'basic' | 'bearer';
export type LogType = 'http' | 'ssh' | 'ssh-journal' | 'journal-gateway';
export type SshAuthType = 'key' | 'agent';
/** The one secret a definition can need: an HTTP password, a token, or an SSH private key. */
export type SecretSlot = 'password' | 'token' | 'key';

/** Every field of every kind, as typed; only the ones of the chosen kind end up in the definition. */
export interface BackendFormValues {
  kind: BackendKind;
  deployType: DeployType;
  id: string;
  name: string;
  url: string;
  authType: AuthType;
  username: string;
  /** The secret an existing definition names; kept when no new value is typed. */
  secretRef: string;
  caFile: string;
  graphite: string;
  tags: string;
  target: string;
  itemsPath: string;
  who: string;
  what: string;
  when: string;
  link: string;
  project: string;
  host: string;
  service: string;
  logType: LogType;
  sshAddress: string;
  sshPort: string;
  sshUser: string;
  sshAuth: SshAuthType;
  /** `user@host:port` of a bastion, or empty. */
  jumpHost: string;
  file: string;
  /** A journal's units, comma-separated. */
  units: string;
  /** A journal's syslog identifiers, comma-separated. */
  identifiers: string;
}

export type FieldName = keyof BackendFormValues | SecretSlot;

export function emptyForm(kind: BackendKind = 'graphite'): BackendFormValues {
  return {
    kind,
    deployType: 'graphite-events',
    id: '',
    name: '',
    url: '',
    authType: 'none',
    username: '',
    secretRef: '',
    caFile: '',
    graphite: '',
    tags: 'deploy',
    target: '',
    itemsPath: '',
    who: 'who',
    what: 'what',
    when: 'when',
    link: '',
    project: 'default',
    host: '',
    service: '',
    logType: 'http',
    sshAddress: '',
    sshPort: '22',
    sshUser: '',
    sshAuth: 'key',
    jumpHost: '',
    file: '',
    units: '',
    identifiers: '',
  };
}

/** Does this kind of backend speak HTTP with its own URL and auth? */
export function usesHttp(form: BackendFormValues): boolean {
  return form.kind === 'graphite' || (form.kind === 'logs' && (form.logType === 'http' || form.logType === 'journal-gateway')) || (form.kind === 'deploys' && form.deployType === 'http-json');
}

/** Does this kind of backend log in to a host over SSH (a log file, or its journal)? */
export function usesSsh(form: BackendFormValues): boolean {
  return form.kind === 'logs' && (form.logType === 'ssh' || form.logType === 'ssh-journal');
}

/** Which secret the form asks for, if any. */
export function secretSlot(form: BackendFormValues): SecretSlot | null {
  if (form.kind === 'flags') return 'token';
  if (usesSsh(form)) return form.sshAuth === 'key' ? 'key' : null;
  if (!usesHttp(form)) return null;
  return form.authType === 'basic' ? 'password' : form.authType === 'bearer' ? 'token' : null;
}

/**
 * The secret's name in the vault: `<id>.password` or `<id>.token`, bent to the vault's naming
 * rule (starts with a letter, at most 64 characters).
 */
export function secretNameFor(id: string, slot: SecretSlot): string {
  const base = (/^[a-z]/.test(id) ? id : `b${id}`).slice(0, 63 - slot.length);
  return `${base}.${slot}`;
}

/** The name the definition will reference: the one it already had, or a new one from its id. */
export function secretRefFor(form: BackendFormValues, slot: SecretSlot): string {
  return form.secretRef || secretNameFor(form.id.trim(), slot);
}

export function toDefinition(form: BackendFormValues, secretRef: string | null): DefinitionInput {
  const common = { id: form.id.trim(), ...(form.name.trim() ? { name: form.name.trim() } : {}) };
  const caFile = form.caFile.trim() ? { caFile: form.caFile.trim() } : {};
  const auth = (): Extract<DefinitionInput, { kind: 'graphite' }>['auth'] => {
    if (form.authType === 'basic') return { type: 'basic', username: form.username.trim(), passwordSecret: secretRef ?? '' };
    if (form.authType === 'bearer') return { type: 'bearer', tokenSecret: secretRef ?? '' };
    return { type: 'none' };
  };
  const url = form.url.trim();
  switch (form.kind) {
    case 'graphite':
      return { ...common, kind: 'graphite', url, auth: auth(), ...caFile };
    case 'flags':
      return { ...common, kind: 'flags', type: 'unleash', url, tokenSecret: secretRef ?? '', project: form.project.trim() || 'default', ...caFile };
    case 'logs': {
      const shown = { host: form.host.trim(), service: form.service.trim() };
      const match = { units: commaList(form.units), identifiers: commaList(form.identifiers) };
      if (form.logType === 'http') return { ...common, kind: 'logs', type: 'http', url, auth: auth(), ...shown, ...caFile };
      if (form.logType === 'journal-gateway') return { ...common, kind: 'logs', type: 'journal-gateway', url, auth: auth(), service: shown.service, ...match, ...caFile };
      const jump = parseSshEndpoint(form.jumpHost);
      const login = {
        address: form.sshAddress.trim(),
        port: Number(form.sshPort.trim() || '22'),
        username: form.sshUser.trim(),
        auth: form.sshAuth === 'agent' ? ({ type: 'agent' } as const) : ({ type: 'key', keySecret: secretRef ?? '' } as const),
        ...(jump ? { jumpHost: jump } : {}),
      };
      if (form.logType === 'ssh-journal') {
        return { ...common, kind: 'logs', type: 'ssh-journal', service: shown.service, ...(shown.host ? { host: shown.host } : {}), ...login, ...match };
      }
      return { ...common, kind: 'logs', type: 'ssh', ...shown, ...login, file: form.file.trim() };
    }
    case 'deploys':
      switch (form.deployType) {
        case 'graphite-events': {
          const tags = commaList(form.tags);
          return { ...common, kind: 'deploys', type: 'graphite-events', graphite: form.graphite, ...(tags.length ? { tags } : {}) };
        }
        case 'graphite-series':
          return { ...common, kind: 'deploys', type: 'graphite-series', graphite: form.graphite, target: form.target.trim() };
        case 'http-json': {
          const link = form.link.trim();
          return {
            ...common,
            kind: 'deploys',
            type: 'http-json',
            url,
            auth: auth(),
            itemsPath: form.itemsPath.trim(),
            fields: { who: form.who.trim(), what: form.what.trim(), when: form.when.trim(), ...(link ? { link } : {}) },
            ...caFile,
          };
        }
      }
  }
}

/** The form for editing a saved definition. */
export function formFromDefinition(definition: BackendDefinition): BackendFormValues {
  const form: BackendFormValues = { ...emptyForm(definition.kind), id: definition.id, name: definition.name ?? '' };
  if ('caFile' in definition && definition.caFile) form.caFile = definition.caFile;
  if ('url' in definition) form.url = definition.url;
  if ('auth' in definition && definition.kind !== 'logs') {
    form.authType = definition.auth.type;
    if (definition.auth.type === 'basic') {
      form.username = definition.auth.username;
      form.secretRef = definition.auth.passwordSecret;
    }
    if (definition.auth.type === 'bearer') form.secretRef = definition.auth.tokenSecret;
  }
  switch (definition.kind) {
    case 'graphite':
      break;
    case 'flags':
      // The form edits Unleash backends; an in-house HTTP/JSON flag service comes from the config file.
      if (definition.type === 'unleash') {
        form.secretRef = definition.tokenSecret;
        form.project = definition.project;
      }
      break;
    case 'logs':
      form.host = 'host' in definition ? (definition.host ?? '') : '';
      form.service = definition.service;
      form.logType = definition.type;
      if ('units' in definition) {
        form.units = definition.units.join(', ');
        form.identifiers = definition.identifiers.join(', ');
      }
      if (definition.type === 'ssh' || definition.type === 'ssh-journal') {
        form.sshAddress = definition.address;
        form.sshPort = String(definition.port);
        form.sshUser = definition.username;
        form.sshAuth = definition.auth.type;
        if (definition.auth.type === 'key') form.secretRef = definition.auth.keySecret;
        const jump = definition.jumpHost;
        form.jumpHost = jump ? `${jump.username}@${jump.address}:${jump.port}` : '';
      }
      if (definition.type === 'ssh') form.file = definition.file;
      break;
    case 'deploys':
      form.deployType = definition.type;
      if (definition.type === 'http-json') {
        form.itemsPath = definition.itemsPath;
        form.who = definition.fields.who;
        form.what = definition.fields.what;
        form.when = definition.fields.when;
        form.link = definition.fields.link ?? '';
      } else {
        form.graphite = definition.graphite;
        if (definition.type === 'graphite-events') form.tags = definition.tags.join(', ');
        else form.target = definition.target;
      }
      break;
  }
  return form;
}

/**
 * The form field an input issue is about. Paths are the core's (`definition.auth.username`) or
 * the local check's (`auth.username`); a secret reference is shown on its value field.
 */
export function fieldOfIssue(path: string): FieldName | null {
  const parts = path.split('.');
  if (parts[0] === 'definition') parts.shift();
  const [head, next] = parts;
  switch (head) {
    case undefined:
    case '':
      return null;
    case 'auth':
      if (next === 'keySecret') return 'key';
      if (next === 'username') return 'username';
      if (next === 'passwordSecret') return 'password';
      if (next === 'tokenSecret') return 'token';
      return 'authType';
    case 'tokenSecret':
      return 'token';
    case 'address':
      return 'sshAddress';
    case 'port':
      return 'sshPort';
    case 'username':
      return 'sshUser';
    case 'jumpHost':
      return 'jumpHost';
    case 'file':
      return 'file';
    case 'units':
      return 'units';
    case 'identifiers':
      return 'identifiers';
    case 'passwordSecret':
      return 'password';
    case 'fields':
      return next === 'who' || next === 'what' || next === 'when' || next === 'link' ? next : null;
    case 'type':
      return 'deployType';
    case 'id':
    case 'name':
    case 'url':
    case 'caFile':
    case 'graphite':
    case 'tags':
    case 'target':
    case 'itemsPath':
    case 'project':
    case 'host':
    case 'service':
    case 'kind':
      return head;
    default:
      return null;
  }
}

/** `a, b,c` as `['a', 'b', 'c']`. */
function commaList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * `user@host:port` (port optional) as the contract's endpoint; null when empty. Anything else is
 * passed through as typed so the contract's own check names the field that is wrong.
 */
function parseSshEndpoint(text: string): { address: string; port: number; username: string } | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const match = /^([^@]*)@(.+?)(?::(\d+))?$/.exec(trimmed);
  if (!match) return { username: '', address: trimmed, port: 22 };
  return { username: match[1] ?? '', address: match[2] ?? '', port: Number(match[3] ?? '22') };
}
