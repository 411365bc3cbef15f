import { describe, expect, it } from 'vitest';

import type { Series } from '../../../../src/contract/wire-types';
import { trailingVerdict, trailingVerdictWithStep, wholeSeconds } from '../../../../src/graphite/trailing-buckets';

const S = 1_000;
const series = (...labelsInSeconds: number[]): Series => ({ target: 't', name: 't', timestamps: labelsInSeconds.map((t) => t * S), values: labelsInSeconds.map(() => 1) });

describe('which trailing bucket holds nothing of the range', () => {
  it('asks Graphite for whole seconds that cover the range, rounding until up', () => {
    expect(wholeSeconds(10_500, 20_001)).toEqual({ from: 10, until: 21 });
    expect(wholeSeconds(10_000, 10_000)).toEqual({ from: 10, until: 11 });
  });

  it('keeps a consolidated bucket labelled after a whole-second until: its first raw point is inside', () => {
    // 10 s raw, 60 s buckets: the bucket labelled 16:01:00 holds 16:00:50 on; until 16:00:57.
    expect(trailingVerdict(series(57_600, 57_660), 57_657)).toBe('keep');
  });

  it('keeps a bucket labelled after until when no raw step could start it after until', () => {
    // until 57_652.4 s is sent as 57_653: a step of 7 s cannot make 60 s buckets.
    expect(trailingVerdict(series(57_600, 57_660), 57_652_400)).toBe('keep');
    // 1 s past the sent second: a 1 s step would start the bucket there, so only the step can tell.
    expect(trailingVerdict(series(57_600, 57_660), 57_658_400)).toBe('ask');
    // Labelled before the sent second: its first raw point is inside whatever the step.
    expect(trailingVerdict(series(57_540, 57_600), 57_600_400)).toBe('keep');
  });

  it('asks for the raw step when it alone decides, and drops a bucket whose only raw point is on the second after until', () => {
    // until 57_649.5 s is sent as 57_650: a 10 s step puts the bucket's first raw point there.
    const s = series(57_600, 57_660);
    expect(trailingVerdict(s, 57_649_500)).toBe('ask');
    expect(trailingVerdictWithStep(s, 57_649_500, 10_000)).toBe('drop');
    // A 20 s step starts it at 57_640, inside the range.
    expect(trailingVerdictWithStep(s, 57_649_500, 20_000)).toBe('keep');
    // Not known: shown, since a newest value hidden is the worse mistake.
    expect(trailingVerdictWithStep(s, 57_649_500, null)).toBe('keep');
  });

  it('drops a raw point labelled on the second after until, and keeps a consolidated one there', () => {
    expect(trailingVerdict(series(57_640, 57_650), 57_649_500)).toBe('ask');
    expect(trailingVerdictWithStep(series(57_640, 57_650), 57_649_500, 10_000)).toBe('drop');
    expect(trailingVerdictWithStep(series(57_590, 57_650), 57_649_500, 10_000)).toBe('keep');
  });
});
