import { useState } from 'react';
import type { FormEvent } from 'react';

import { MetricChildren } from './metric-node';
import type { MetricPickers } from './metric-node';

export type MetricBrowserProps = MetricPickers;

/**
 * Graphite's metric tree, one level per click (a big tree is never fetched whole). A pattern typed
 * in the filter (`web.*.requests`, `{web,api}.*`) goes to metrics/find as is.
 */
export function MetricBrowser(pickers: MetricBrowserProps) {
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('*');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setQuery(typed.trim() || '*');
  };
  return (
    <section className="metric-browser" aria-label="Metric browser">
      <h3>Metrics</h3>
      <form className="metric-filter" onSubmit={onSubmit}>
        <input
          type="search"
          aria-label="Find metrics"
          placeholder="web.*.requests"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <button type="submit" className="button small">
          Find
        </button>
      </form>
      <MetricChildren key={query} query={query} {...pickers} />
    </section>
  );
}
