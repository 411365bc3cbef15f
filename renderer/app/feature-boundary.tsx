import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

export type FeatureBoundaryProps = { name: string; children: ReactNode };

type State = { error: Error | null };

/**
 * One per panel, so a bug in the log viewer cannot blank the graphs during an incident.
 * (Error boundaries still have to be classes.)
 */
export class FeatureBoundary extends Component<FeatureBoundaryProps, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn(`The ${this.props.name} panel crashed`, error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <section className="panel panel-crashed" role="alert">
        <header className="panel-header">
          <h2 className="panel-title">{this.props.name}</h2>
        </header>
        <div className="panel-body">
          <p>
            The {this.props.name} panel hit a bug and stopped: {error.message}. The rest of Ops Console still works.
          </p>
          <button type="button" className="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      </section>
    );
  }
}
