import type { ReactNode } from 'react';

export type DashboardsEmptyProps = { actions?: ReactNode };

/** What to do when there is nothing to draw: make a dashboard here, import one, or define them in the config file. */
export function DashboardsEmpty({ actions }: DashboardsEmptyProps) {
  return (
    <section className="panel dashboards-empty" data-testid="dashboards-empty" aria-label="No dashboards">
      <div className="panel-body">
        <h2>No dashboards yet</h2>
        {actions}
        <p>
          Make one here (the metric browser lists what Graphite has), import a Grafana dashboard, or define them in the config file, under{' '}
          <code>dashboards:</code>. Each has an <code>id</code>, a <code>title</code> and panels; a panel lists Graphite targets, for example:
        </p>
        <pre className="config-example">{`dashboards:
  - id: web
    title: Web
    panels:
      - title: Requests per second
        targets: ['sumSeries(web.*.requests)']
        unit: req/s
        service: web              # only web's deploys and flips
        thresholds: { low: 50 }   # red below 50`}</pre>
        <p className="muted">
          With no config file and no backends added in Settings → Backends, Ops Console shows its built-in demo and its dashboards.
        </p>
      </div>
    </section>
  );
}
