import { useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';

import type { Incident } from '../../../src/contract/incident-types';
import type { Marker } from '../../../src/contract/wire-types';
import type { TimeZone } from '../../lib/format-time';
import { incidentMarkdown } from './incident-markdown';

export type IncidentExportProps = { incident: Incident; markers: readonly Marker[]; zone: TimeZone; onClose: () => void };

/** The timeline as Markdown: shown to check, copied or downloaded for the post-mortem. */
export function IncidentExport({ incident, markers, zone, onClose }: IncidentExportProps) {
  const [exportedAt] = useState(() => Date.now());
  const text = useMemo(() => incidentMarkdown(incident, markers, zone, exportedAt), [incident, markers, zone, exportedAt]);
  const [copied, setCopied] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const href = useMemo(() => `data:text/markdown;charset=utf-8,${encodeURIComponent(text)}`, [text]);
  const file = `${incident.name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'incident'}.md`;

  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setCopied('Copied.'),
      () => {
        // No clipboard permission (a browser tab over plain HTTP): select it for Ctrl+C instead.
        area.current?.select();
        setCopied('Selected: press Ctrl+C to copy.');
      },
    );
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onClose();
  };

  return (
    <div className="incident-dialog-backdrop">
      <div className="incident-dialog incident-export" role="dialog" aria-modal="true" aria-label="Incident timeline as Markdown" onKeyDown={onKeyDown}>
        <h2>Timeline of {incident.name}, as Markdown</h2>
        <textarea ref={area} data-testid="incident-markdown" readOnly value={text} rows={16} autoFocus aria-label="Markdown" />
        <div className="incident-dialog-actions">
          <button type="button" className="button primary" onClick={copy}>
            Copy
          </button>
          <a className="button" href={href} download={file}>
            Download {file}
          </a>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          {copied && (
            <span className="muted" role="status">
              {copied}
            </span>
          )}
        </div>
      </div>
    </div>
  );
}
