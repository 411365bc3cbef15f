import type { ReactNode } from 'react';

export type PanelProps = {
  title: string;
  /** Next to the title, quieter: a unit, a count. */
  subtitle?: ReactNode;
  /** Small controls and badges on the right of the title bar. */
  actions?: ReactNode;
  className?: string;
  testId?: string;
  /** State a test or a stylesheet reads (`data-breach="high"`). */
  data?: Record<`data-${string}`, string | undefined>;
  children: ReactNode;
};

/** The framed box every feature sits in, Grafana-style: a dense title bar, then content. */
export function Panel({ title, subtitle, actions, className, testId, data, children }: PanelProps) {
  return (
    <section className={`panel ${className ?? ''}`} data-testid={testId} aria-label={title} {...data}>
      <header className="panel-header">
        <h2 className="panel-title">{title}</h2>
        {subtitle && <span className="panel-subtitle">{subtitle}</span>}
        <div className="panel-actions">{actions}</div>
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
