import { useState } from 'react';

import { ErrorText } from '../../ui/error-text';
import { RampCard } from './ramp-card';
import { RampForm } from './ramp-form';
import { useRamps } from './use-ramps';

/** The flags panel's guarded ramps: start one, and follow each (the core runs them; every window sees the same). */
export function RampsView() {
  const ramps = useRamps();
  const [flagKey, setFlagKey] = useState('');
  return (
    <div className="ramps-view" role="region" aria-label="Guarded ramps">
      <RampForm flagKey={flagKey} onFlagKey={setFlagKey} onStarted={(ramp) => ramps.setData((all = []) => [ramp, ...all.filter((r) => r.id !== ramp.id)])} />
      {ramps.error && <ErrorText error={ramps.error} prefix="Ramps not read" />}
      {ramps.data?.length === 0 && <p className="muted small">No guarded ramp yet.</p>}
      {ramps.data?.map((ramp) => <RampCard key={ramp.id} ramp={ramp} />)}
    </div>
  );
}
