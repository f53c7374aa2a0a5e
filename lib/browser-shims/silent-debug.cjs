// Browser stand-in for the debug package, which fhirclient logs through when a developer sets
// localStorage.debug. Those logs carry request URLs with patient ids and token details (no PHI in
// logs, see the team standards), and the package costs ~2.7 KB gzip on the app route. CommonJS,
// because fhirclient require()s it and calls the export. Aliased in next.config.js for browsers only.
function silent() {}
silent.enabled = false;
silent.extend = () => silent;
silent.log = silent;

function createDebug() {
  return silent;
}
createDebug.enable = () => {};
createDebug.disable = () => '';
createDebug.enabled = () => false;
createDebug.formatters = {};
module.exports = createDebug;
