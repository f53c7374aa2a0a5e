// Words for the stand-in screen shown when a status screen's code could not be downloaded (the
// app's server or the network is unreachable). Nothing about the patient is known at that point.
export const screenFallbackTexts = {
  title: 'The app could not finish opening',
  body: 'Part of the app could not be downloaded, so the chart was not shown. Nothing was changed in the chart. Try again, or reopen the app from the patient’s chart.',
  retry: 'Try again',
  relaunch: 'Launch again',
} as const;
