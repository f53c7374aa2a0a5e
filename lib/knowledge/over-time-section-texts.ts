// The "Over time" section's own words, shown before its pictures' code has arrived. Kept apart
// from timeline-labels.ts so that the launch does not download the pictures' words with them.
export const overTimeSectionTexts = {
  title: 'Over time',
  /** Under the flags: the way to their pictures, drawn below the differential. */
  jump: 'See ferritin, TSAT and these drugs over time',
  pending: 'The pictures are drawn when this part of the page comes into view.',
  draw: 'Draw the pictures',
  loading: 'Drawing the pictures…',
  failed: 'The pictures could not be loaded. Nothing in the chart was changed.',
  retry: 'Try again',
  notPrinted:
    'The pictures over time were not drawn before printing: use the app’s Print button to include them.',
  notPrintedFailed: 'The pictures over time could not be loaded, so they are not in this printout.',
} as const;
