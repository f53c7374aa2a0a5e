import * as z from 'zod/mini';

// SMART App Launch 2.x "smart_style_url": a JSON document of colours, fonts and
// dimensions the EHR wants apps to follow. https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#styling

/** A CSS value we accept from the EHR: no declarations, blocks, comments or url() that could escape the variable. */
const safeCssValue = z.string().check(
  z.maxLength(200),
  z.refine((v) => !/[;{}<>\\]|\/\*|url\s*\(|expression\s*\(/i.test(v), 'unsafe CSS value'),
);

const smartStyleSchema = z.partial(
  z.object({
    color_background: safeCssValue,
    color_error: safeCssValue,
    color_highlight: safeCssValue,
    color_modal_backdrop: safeCssValue,
    color_success: safeCssValue,
    color_text: safeCssValue,
    dim_border_radius: safeCssValue,
    dim_font_size: safeCssValue,
    dim_spacing_size: safeCssValue,
    font_family_body: safeCssValue,
    font_family_heading: safeCssValue,
  }),
);

/** Our CSS custom properties that each SMART style field drives. */
const cssVariableFor: Record<keyof z.infer<typeof smartStyleSchema>, string> = {
  color_background: '--color-bg',
  color_error: '--color-error',
  color_highlight: '--color-accent',
  color_modal_backdrop: '--color-backdrop',
  color_success: '--color-success',
  color_text: '--color-fg',
  dim_border_radius: '--radius',
  dim_font_size: '--font-size',
  dim_spacing_size: '--space',
  font_family_body: '--font-body',
  font_family_heading: '--font-heading',
};

export type SmartStyleResult =
  | { ok: true; variables: Record<string, string>; ignored: string[] }
  | { ok: false; reason: string };

/**
 * Fetches the EHR's style document and maps it to CSS variables. Never throws: styling is
 * optional, so any failure returns a reason and the app keeps its own defaults.
 */
export async function fetchSmartStyle(
  url: string,
  options: { fetch?: typeof fetch; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<SmartStyleResult> {
  const doFetch = options.fetch ?? fetch;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 3000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let body: unknown;
  try {
    const response = await doFetch(url, { signal, headers: { accept: 'application/json' } });
    if (!response.ok) return { ok: false, reason: `style document answered HTTP ${response.status}` };
    body = await response.json();
  } catch (error) {
    return {
      ok: false,
      reason: `style document could not be read (${error instanceof Error ? error.name : 'error'})`,
    };
  }
  if (typeof body !== 'object' || body === null)
    return { ok: false, reason: 'style document is not a JSON object' };
  const variables: Record<string, string> = {};
  const ignored: string[] = [];
  for (const [key, cssVariable] of Object.entries(cssVariableFor)) {
    const raw = (body as Record<string, unknown>)[key];
    if (raw === undefined) continue;
    const parsed = smartStyleSchema.shape[key as keyof typeof cssVariableFor].safeParse(raw);
    if (parsed.success && parsed.data !== undefined) variables[cssVariable] = parsed.data;
    else ignored.push(key);
  }
  return { ok: true, variables, ignored };
}
