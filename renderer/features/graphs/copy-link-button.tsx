import { useState } from 'react';

export type CopyLinkButtonProps = { link: string };

/**
 * Copies the link to what is on screen. Where the clipboard is refused (no permission, an old
 * browser), the link is shown selected instead, for Ctrl+C.
 */
export function CopyLinkButton({ link }: CopyLinkButtonProps) {
  const [state, setState] = useState<{ link: string; outcome: 'copied' | 'refused' } | null>(null);
  // A copy of an older range says nothing about the current one.
  const outcome = state?.link === link ? state.outcome : null;
  const copy = () => {
    // Absent outside a secure context, whatever the DOM types say.
    const clipboard = navigator.clipboard as Clipboard | undefined;
    const write = clipboard ? clipboard.writeText(link) : Promise.reject(new Error('no clipboard'));
    write.then(
      () => setState({ link, outcome: 'copied' }),
      () => setState({ link, outcome: 'refused' }),
    );
  };
  return (
    <span className="copy-link">
      <button type="button" className="button small" onClick={copy} title={link}>
        {outcome === 'copied' ? 'Copied' : 'Copy link'}
      </button>
      {outcome === 'refused' && (
        <input className="copy-link-text" readOnly value={link} aria-label="Link to this view" ref={(el) => el?.select()} />
      )}
    </span>
  );
}
