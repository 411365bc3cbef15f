import type { ReactNode } from 'react';

export type PanelProps = {
  title: string;
  /** Small controls and badges on the right of the title bar. */
  actions?: ReactNode;
  className?: string;
  testId?: string;
  children: ReactNode;
};

/** The framed box every feature sits in, Grafana-style: a dense title bar, then content. */
export function Panel({ title, actions, className, testId, children }: PanelProps) {
  return (
    <section className={`panel ${className ?? ''}`} data-testid={testId} aria-label={title}>
      <header className="panel-header">
        <h2 className="panel-title">{title}</h2>
        <div className="panel-actions">{actions}</div>
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
