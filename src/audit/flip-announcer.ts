import { createHttpClient, requireSecret } from '../backends/http-client';
import type { SecretReader } from '../backends/http-client';
import type { FlipWebhookConfig } from '../config/config-file';
import type { FlagChange } from '../contract/wire-types';
import { describeSetting } from '../flags/describe-setting';

export type FlipAnnouncer = (change: FlagChange) => void;

/**
 * Tells the incident channel about every confirmed flip, in one line a person reads on a phone.
 * Fire and forget: a chat service that is down never delays or fails a flip, and the audit log
 * and Graphite stay the record; a failed post is logged (the logger masks the URL, a secret).
 */
export function createWebhookAnnouncer(config: FlipWebhookConfig, secrets: SecretReader, onError: (error: unknown) => void): FlipAnnouncer {
  return (change) => {
    const post = async () => {
      const url = new URL(requireSecret(secrets, config.urlSecret, 'The flip webhook'));
      const client = createHttpClient({ name: 'The flip webhook', baseURL: url.origin, caFile: config.caFile, timeoutMs: 5_000 });
      // Slack, Mattermost and Rocket.Chat all take `text`; mrkdwn-style backticks read well in each.
      await client.post(`${url.pathname}${url.search}`, { text: announcement(change) }, { headers: { 'Content-Type': 'application/json' } });
    };
    post().catch(onError);
  };
}

export function announcement(change: FlagChange): string {
  const what = `${describeSetting(change.before)} → ${describeSetting(change.after)}`;
  return `${change.by} flipped \`${change.key}\` in ${change.environment}: ${what}. Why: ${change.reason ?? '(no reason recorded)'}`;
}
