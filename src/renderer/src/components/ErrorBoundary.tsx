import { Component, type ErrorInfo, type ReactNode } from 'react';
import { visible } from '../../../shared/text.ts';

interface Props {
  /** What failed, in the user's words: "The reader", "The workbench". */
  what: string;
  children: ReactNode;
}

/**
 * A part of the workbench that failed while drawing itself says so in words,
 * with a way to try again or reload, instead of leaving a blank window. The
 * project is not at risk: every change is written by the engine as it is made,
 * never held by the page.
 */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // For whoever looks at the console (a bug report): where in the page it failed.
    console.error(`${this.props.what} failed:`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <section className="failure" role="alert" aria-label={`${this.props.what} failed`}>
        <h2>{this.props.what} stopped working</h2>
        <p>Something went wrong while showing it. Your project is safe: every change was saved as you made it.</p>
        <p className="meta">
          For a bug report, what went wrong: <q>{visible(error.message) || 'an error without a message'}</q>
        </p>
        <p className="row">
          <button className="primary" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <button onClick={() => window.location.reload()}>Reload the workbench</button>
        </p>
      </section>
    );
  }
}
