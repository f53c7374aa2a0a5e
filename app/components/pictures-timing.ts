/**
 * The User Timing measure of the first drawing of the pictures over time, React's render and commit
 * (no patient data in it). Read by `npm run bench` (bench/picture-render.ts) and visible in the
 * browser's performance panel.
 */
export const picturesTiming = 'pictures';
