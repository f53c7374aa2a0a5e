import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/repo-paths';
import { importViolations, sourceFiles } from './import-direction';

describe('imports run one way: contracts <- knowledge <- features <- differential <- surfaces', () => {
  it('no module imports a layer above its own, and the pure layers import no UI, network or I/O', () => {
    const files = sourceFiles(repoRoot, ['lib', 'app']);
    expect(files.length).toBeGreaterThan(100);
    expect(importViolations(files)).toEqual([]);
  });

  it('catches a backwards import (knowledge importing the differential, fhir importing features)', () => {
    const violations = importViolations([
      {
        path: 'lib/knowledge/x.ts',
        source: "import type { Candidate } from '../differential/evaluate-candidates';",
      },
      { path: 'lib/fhir/y.ts', source: "import { deriveFeatures } from '@/lib/features/derive-features';" },
      { path: 'lib/contracts/z.ts', source: "export { labIds } from '../knowledge/labs';" },
      { path: 'lib/features/w.ts', source: "import { useState } from 'react';" },
      { path: 'lib/sandbox/v.ts', source: "const ui = await import('../../app/components/report-view');" },
      {
        path: 'lib/features/ok.ts',
        source: "import type { ChartSnapshot } from '../contracts/chart-snapshot';",
      },
    ]);
    expect(violations.map((v) => v.rule)).toEqual([
      'lib/knowledge may not import lib/differential',
      'lib/fhir may not import lib/features',
      'lib/contracts may not import lib/knowledge',
      'lib/features is pure: no UI, network or I/O',
      'lib/sandbox may not import app',
    ]);
  });
});
