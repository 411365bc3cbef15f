import { useEffect } from 'react';

import { useSettings } from '../../api/settings-context';
import { BackendsSection } from './backends-section';
import { SecretsSection } from './secrets-section';
import { SettingsForm } from './settings-form';

export type SettingsDrawerProps = { onClose: () => void };

/** Settings beside the dashboard rather than instead of it: the graphs stay visible while you change them. */
export function SettingsDrawer({ onClose }: SettingsDrawerProps) {
  const { warning } = useSettings();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <aside className="settings-drawer" role="dialog" aria-label="Settings">
      <header className="drawer-header">
        <h2>Settings</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close settings">
          ✕
        </button>
      </header>
      {warning && (
        <p className="settings-warning" role="alert">
          {warning}
        </p>
      )}
      <SettingsForm />
      <BackendsSection />
      <SecretsSection />
    </aside>
  );
}
