import { useState } from 'react';

import type { RequestOutput } from '../../../../src/contract/requests';
import { useOpsQuery } from '../../../api/use-ops-query';
import { ErrorText } from '../../../ui/error-text';

export type MetricNodeInfo = RequestOutput<'graphs.find'>[number];

export type MetricPickers = {
  onNewPanel: (path: string) => void;
  /** Set while a panel is being edited: the leaf goes into that panel's targets. */
  onAppend: ((path: string) => void) | null;
  appendLabel: string;
};

export type MetricNodeProps = { node: MetricNodeInfo } & MetricPickers;

// Two components in one file on purpose: a node renders its children and they render nodes.

/** One node of the metric tree; its children are asked for only when it is opened. */
export function MetricNode({ node, ...pickers }: MetricNodeProps) {
  const [open, setOpen] = useState(false);
  return (
    <li className="metric-node" data-path={node.path}>
      {node.expandable ? (
        <button type="button" className="metric-branch" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? '▾' : '▸'} {node.text}
        </button>
      ) : (
        <span className="metric-leaf">
          <span className="metric-leaf-name" title={node.path}>
            {node.text}
          </span>
          <button type="button" className="button small" aria-label={`New panel from ${node.path}`} onClick={() => pickers.onNewPanel(node.path)}>
            + panel
          </button>
          {pickers.onAppend && (
            <button type="button" className="button small" aria-label={`Add ${node.path} to ${pickers.appendLabel}`} onClick={() => pickers.onAppend?.(node.path)}>
              + to {pickers.appendLabel}
            </button>
          )}
        </span>
      )}
      {open && <MetricChildren query={`${node.path}.*`} {...pickers} />}
    </li>
  );
}

export type MetricChildrenProps = { query: string } & MetricPickers;

/** The nodes `graphs.find` answers for one query: a tree level, or what a typed wildcard matches. */
export function MetricChildren({ query, ...pickers }: MetricChildrenProps) {
  const found = useOpsQuery(`find|${query}`, (c) => c.request('graphs.find', { query }));
  if (found.error) return <ErrorText error={found.error} prefix={query} />;
  if (!found.data) return <p className="muted metric-loading">Loading {query}…</p>;
  if (found.data.length === 0) return <p className="muted">Nothing matches {query}.</p>;
  return (
    <ul className="metric-tree" role="group">
      {found.data.map((node) => (
        <MetricNode key={node.path} node={node} {...pickers} />
      ))}
    </ul>
  );
}
