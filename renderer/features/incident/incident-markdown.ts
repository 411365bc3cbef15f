import type { Incident, IncidentEntry } from '../../../src/contract/incident-types';
import type { Marker } from '../../../src/contract/wire-types';
import type { TimeZone } from '../../lib/format-time';
import { formatClock, formatDateTime } from '../../lib/format-time';

/** The changes that led up to an incident belong in its timeline: the cause usually comes minutes before anyone notices. */
export const LEAD_UP_MS = 15 * 60_000;

export interface TimelineRow {
  at: number;
  kind: 'deploy' | 'flip' | 'start' | 'end' | IncidentEntry['kind'];
  who: string | null;
  text: string;
  link: string | null;
}

const LABEL: Record<TimelineRow['kind'], string> = {
  deploy: '▲ Deploy',
  flip: '◆ Flip',
  start: '● Incident started',
  end: '● Incident ended',
  note: '✎ Note',
  'log-line': '≡ Log',
  recovery: '✓ Recovery',
  breach: '! Threshold breached',
};

/** One time-ordered list: deploys and flips (read back from their sources) with what the user added. */
export function timelineRows(incident: Incident, markers: readonly Marker[]): TimelineRow[] {
  const from = incident.startedAt - LEAD_UP_MS;
  const until = incident.endedAt ?? Number.POSITIVE_INFINITY;
  const rows: TimelineRow[] = [
    ...markers.filter((m) => m.at >= from && m.at <= until).map((m): TimelineRow => ({ at: m.at, kind: m.kind, who: m.who, text: m.what, link: m.link })),
    { at: incident.startedAt, kind: 'start', who: null, text: incident.name, link: null },
    ...incident.entries.map((e): TimelineRow => ({ at: e.at, kind: e.kind, who: e.who, text: e.text, link: e.link })),
  ];
  if (incident.endedAt !== null) rows.push({ at: incident.endedAt, kind: 'end', who: null, text: incident.name, link: null });
  // Stable: of two rows at one moment, the change comes before what was noted about it.
  return rows.map((row, i) => ({ row, i })).sort((a, b) => a.row.at - b.row.at || a.i - b.i).map(({ row }) => row);
}

/** A table cell holds one line; a pipe would end it. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

/** Only web links are written as links: a `javascript:` URL pasted into a post-mortem must stay text. */
function linkTo(link: string | null): string {
  return link && /^https?:\/\//i.test(link) ? ` ([link](${link.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}))` : '';
}

/** The timeline as Markdown, ready to paste into a post-mortem: times, who, what and links. */
export function incidentMarkdown(incident: Incident, markers: readonly Marker[], zone: TimeZone, exportedAt: number): string {
  const rows = timelineRows(incident, markers);
  const zoneName = zone === 'utc' ? 'UTC' : 'local time';
  return [
    `# Incident: ${cell(incident.name)}`,
    '',
    `- Started: ${formatDateTime(incident.startedAt, zone)}`,
    `- Ended: ${incident.endedAt === null ? 'ongoing' : formatDateTime(incident.endedAt, zone)}`,
    `- Exported: ${formatDateTime(exportedAt, zone)} from Ops Console (changes from ${LEAD_UP_MS / 60_000} min before the start included)`,
    '',
    '## Timeline',
    '',
    `| Time (${zoneName}) | Who | What |`,
    '|---|---|---|',
    ...rows.map((r) => `| ${formatClock(r.at, zone)} | ${cell(r.who ?? '—')} | ${LABEL[r.kind]}: ${cell(r.text)}${linkTo(r.link)} |`),
    '',
  ].join('\n');
}
