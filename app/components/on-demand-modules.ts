'use client';

import { onDemand } from './on-demand';

// Every part of the view that arrives on demand, in one list (their code is in its own chunks):
// the pictures below the differential, the source panel opened by a click, and the screens of a
// sign-in that did not end in a chart.

export const picturesModule = onDemand(() => import('./over-time-pictures'));
export const sourcePanelModule = onDemand(() => import('./source-panel'));
export const statusScreensModule = onDemand(() => import('@/app/chart/status-screens'));
