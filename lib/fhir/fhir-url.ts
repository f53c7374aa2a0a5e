// A relative FHIR path ("Type/id" or "Type?query") under the server's base URL (base paths like
// "/fhir/R4" are kept). Built with the URL API: each segment is percent-encoded, so no part of a
// patient id or a chart reference can climb out of the base or add a query, a fragment or a host.

/** The absolute URL, or null when the path is not a FHIR read or search (empty, or a dot segment). */
export function fhirUrl(baseUrl: string, path: string): string | null {
  const url = new URL(baseUrl);
  const queryAt = path.indexOf('?');
  const segments = (queryAt === -1 ? path : path.slice(0, queryAt)).split('/').filter(Boolean);
  if (segments.length === 0 || segments.some((s) => /^\.+$/.test(s))) return null;
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${segments.map(encodeURIComponent).join('/')}`;
  url.search = queryAt === -1 ? '' : new URLSearchParams(path.slice(queryAt + 1)).toString();
  url.hash = '';
  return url.href;
}
