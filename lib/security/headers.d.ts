export declare const SMART_LAUNCHER_ORIGIN: string;
export declare function parseFrameAncestors(raw: string | undefined): string[] | null;
export declare function staticSecurityHeaders(
  env: Record<string, string | undefined>,
): { key: string; value: string }[];
