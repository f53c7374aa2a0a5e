import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchSmartStyle } from '@/lib/fhir/smart-style';

const styleUrl = 'https://ehr.example.org/smart-style.json';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('smart_style_url', () => {
  it("maps the EHR's colours and fonts to the app's CSS variables", async () => {
    server.use(
      http.get(styleUrl, () =>
        HttpResponse.json({
          color_background: '#edeae3',
          color_text: '#1a1a1a',
          font_family_body: 'Georgia, serif',
        }),
      ),
    );
    const result = await fetchSmartStyle(styleUrl);
    expect(result).toEqual({
      ok: true,
      variables: { '--color-bg': '#edeae3', '--color-fg': '#1a1a1a', '--font-body': 'Georgia, serif' },
      ignored: [],
    });
  });

  it('drops values that could inject CSS and says which', async () => {
    server.use(
      http.get(styleUrl, () =>
        HttpResponse.json({
          color_highlight: 'red; background: url(https://evil.example)',
          color_text: '#000',
        }),
      ),
    );
    const result = await fetchSmartStyle(styleUrl);
    expect(result).toEqual({ ok: true, variables: { '--color-fg': '#000' }, ignored: ['color_highlight'] });
  });

  it('keeps the defaults when the EHR answers with an error', async () => {
    server.use(http.get(styleUrl, () => new HttpResponse(null, { status: 404 })));
    expect(await fetchSmartStyle(styleUrl)).toEqual({
      ok: false,
      reason: 'style document answered HTTP 404',
    });
  });

  it('gives up after the timeout instead of blocking the chart', async () => {
    server.use(
      http.get(styleUrl, async () => {
        await new Promise((r) => setTimeout(r, 500));
        return HttpResponse.json({});
      }),
    );
    const result = await fetchSmartStyle(styleUrl, { timeoutMs: 50 });
    expect(result.ok).toBe(false);
  });
});
