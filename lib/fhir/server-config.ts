// The shapes of the SMART launch configuration, shared by launch-config.ts (which validates the
// environment on the server) and server-match.ts (which the browser runs). Types only, so neither
// module imports the other.

export type ScopeVersion = 'v1' | 'v2';
/** fhirclient's PKCE modes, without "disabled": the app never launches without PKCE. */
export type PkceMode = 'required' | 'ifSupported' | 'unsafeV1';

export interface ServerConfig {
  /**
   * The FHIR base URL exactly (a trailing slash is ignored), or an anchored regular expression
   * whose host is literal: "^https://fhir-ehr\\.cerner\\.com/".
   */
  issMatch: string;
  clientId: string;
  scopeVersion?: ScopeVersion;
  pkceMode?: PkceMode;
  /**
   * false: keep the launch state keyed by the URL's `state` instead of a shared sessionStorage
   * slot. Oracle Health PowerChart embeds apps in browser instances that may share sessionStorage.
   */
  fullSessionStorageSupport?: boolean;
  /** Replaces the whole scope list, for a server that rejects one of the default scopes. */
  scope?: string;
  /**
   * Where the server's authorize and token endpoints may be besides the issuer's own origin:
   * origins ("https://authorization.cerner.com") or exact endpoint URLs.
   */
  authServers?: string[];
}

/** Everything the launch and the shell need; serialisable, so a server component can pass it as props. */
export interface LaunchConfig {
  /** Tried in order. There is no catch-all: an iss no entry matches is not launched. */
  servers: ServerConfig[];
  defaultIss?: string;
  /** SANDBOX=1: the embedded sandbox's FHIR base on the app's own origin is a server too. */
  sandbox?: { scopeVersion: ScopeVersion };
}
