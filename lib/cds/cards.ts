import type { MedicationFlag, Report } from '../contracts/report-schema';
import { ironCardSummary } from '../knowledge/iron-texts';
import { deceasedTakesNoDrug } from '../knowledge/medication-timing';
import { sourceLabel } from './service-definition';
import { ironOrderSuggestionFor } from './suggestions';

// Report -> CDS Hooks cards (https://cds-hooks.hl7.org/2.0/#card-attributes). Cards only phrase
// what the Report says; every clinical judgement (which drug, which ferritin status, what to do)
// was made by the pure core and arrives here as Report fields.

export type CardIndicator = 'info' | 'warning' | 'critical';

export interface CdsCoding {
  system: string;
  code: string;
  display?: string;
}

export interface CdsLink {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
  appContext?: string;
}

/** https://cds-hooks.hl7.org/2.0/#action: `create` carries the new resource, `delete` its reference. */
export type CdsAction =
  | { type: 'create'; description: string; resource: fhir4.ServiceRequest }
  | { type: 'delete'; description: string; resourceId: string };

export interface CdsSuggestion {
  label: string;
  uuid: string;
  isRecommended?: boolean;
  actions: CdsAction[];
}

export interface CdsCard {
  uuid: string;
  /** Under 140 characters (CDS Hooks: "One-sentence, <140-character summary"). */
  summary: string;
  detail: string;
  indicator: CardIndicator;
  source: { label: string; topic: CdsCoding };
  /** When present, `selectionBehavior` must be too (CDS Hooks 2.0). */
  suggestions?: CdsSuggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
  /** Each with a `display` (CDS Hooks 2.0: "MUST populate a display value"). */
  overrideReasons?: CdsCoding[];
  links: CdsLink[];
}

/** CDS Hooks asks for a summary of fewer than 140 characters. */
export const maxSummaryLength = 139;

/** Topics let the EHR group or filter our cards; the code system is this service's own. */
export const topicSystem = 'urn:x-leg-symptom-differential:card-topic';
export const topics = {
  medication: {
    system: topicSystem,
    code: 'medication-induced',
    display: 'Medication that may cause leg symptoms',
  },
  iron: { system: topicSystem, code: 'iron-status', display: 'Iron status (ferritin)' },
} as const satisfies Record<string, CdsCoding>;

export interface CardOptions {
  /** The SMART launch URL of the app, e.g. "https://app.example.org/launch". */
  launchUrl: string;
  /** Card ids (uuid v4 in production; injected for repeatable tests). */
  newId: () => string;
}

/** Shortens to fit the summary limit, on a word boundary when one is near. */
export function fitSummary(text: string, max = maxSummaryLength): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:(-]+$/, '')}…`;
}

function escapeInline(text: string): string {
  return text
    .replace(/[\\`*_[\]#|~]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * Bare URLs and e-mail addresses that a markdown renderer would turn into live links (GFM
 * autolinks: "https://…", "www.…", "name@host"). In charted text they become code spans: shown,
 * not clickable.
 */
const bareLink = /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bwww\.)[^\s<>`]*|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi;

/** Charted text (drug displays, reasons) is EHR data: escape it so it cannot inject markdown, HTML or links. */
export function escapeMarkdown(text: string): string {
  const clean = text.replace(/\s+/g, ' ');
  let inline = '';
  let last = 0;
  for (const match of clean.matchAll(bareLink)) {
    inline += `${escapeInline(clean.slice(last, match.index))}\`${match[0]}\``;
    last = match.index + match[0].length;
  }
  inline += escapeInline(clean.slice(last));
  // A leading "-", "+" or "1." would start a list when the text begins a line.
  return inline.replace(/^[-+]/, (m) => `\\${m}`).replace(/^(\d+)\./, '$1\\.');
}

export function sourcesList(sources: readonly string[]): string {
  if (sources.length === 0) return '- (no chart resource)';
  return sources.map((s) => `- \`${s.replace(/`/g, '')}\``).join('\n');
}

/** The data gaps and unreadable resources a card's claims must be read against. */
export function dataGapsSection(report: Pick<Report, 'dataGaps' | 'quarantined'>): string {
  const lines = report.dataGaps.map(
    (g) => `- ${g.resourceType}: ${g.reason}${g.detail ? ` (${escapeMarkdown(g.detail)})` : ''}`,
  );
  if (report.quarantined.length > 0) {
    lines.push(`- ${report.quarantined.length} chart resource(s) could not be read and were left out`);
  }
  if (lines.length === 0) return '';
  return `\n\n**Data gaps** (absence here is not a negative):\n${lines.join('\n')}`;
}

export const appLink = (options: Pick<CardOptions, 'launchUrl'>): CdsLink => ({
  label: 'Open the leg symptom differential',
  url: options.launchUrl,
  type: 'smart',
});

export function medicationCard(flag: MedicationFlag, report: Report, options: CardOptions): CdsCard {
  const summary = fitSummary(`${flag.display} (${flag.classLabel}) may cause or worsen leg symptoms: review`);
  const detail = [
    `**${escapeMarkdown(flag.display)}** — ${escapeMarkdown(flag.classLabel)}, ${flag.status}` +
      (flag.date ? ` (${escapeMarkdown(flag.date)})` : '') +
      '.',
    '',
    escapeMarkdown(flag.recommendation),
    // An order still active from years ago: the Report says to confirm it (words from lib/knowledge).
    ...(flag.confirmStillTaking ? ['', `**${escapeMarkdown(flag.confirmStillTaking.text)}**`] : []),
    '',
    `Source: ${escapeMarkdown(flag.citation)}`,
    '',
    '**Chart resources:**',
    sourcesList(flag.sources),
  ].join('\n');
  return {
    uuid: options.newId(),
    summary,
    detail: detail + dataGapsSection(report),
    indicator: 'warning',
    source: { label: sourceLabel, topic: topics.medication },
    links: [appLink(options)],
  };
}

/** One card for iron, or null when the Report says ferritin is normal. */
export function ironCard(report: Report, options: CardOptions): CdsCard | null {
  const iron = report.flags.iron;
  const text = ironCardSummary(iron);
  if (text === null) return null;
  const summary = fitSummary(text);
  const original =
    iron.original !== null ? ` Charted as ${iron.original.value} ${escapeMarkdown(iron.original.unit)}.` : '';
  const detail = [
    `${escapeMarkdown(iron.reason)}${original}`,
    '',
    escapeMarkdown(iron.recommendation),
    '',
    `Source: ${escapeMarkdown(iron.citation)}`,
    '',
    '**Chart resources:**',
    sourcesList(iron.sources),
  ].join('\n');
  const card: CdsCard = {
    uuid: options.newId(),
    summary,
    detail: detail + dataGapsSection(report),
    indicator: iron.status === 'low' ? 'warning' : 'info',
    source: { label: sourceLabel, topic: topics.iron },
    links: [appLink(options)],
  };
  // Iron missing, stale or unreadable where it matters: offer the order (suggestions.ts).
  const order = ironOrderSuggestionFor(report, options);
  if (order) {
    card.suggestions = [order];
    card.selectionBehavior = 'at-most-one';
  }
  return card;
}

/**
 * When the medication searches did not all succeed and nothing was flagged, say so: an empty
 * banner would read as "medications checked, nothing found".
 */
export function incompleteMedicationReviewCard(report: Report, options: CardOptions): CdsCard {
  const summary =
    report.flags.medicationSearch === 'unavailable'
      ? 'Medications could not be read: drugs that worsen leg symptoms were not checked'
      : 'Some medication data could not be read: the check for drugs that worsen leg symptoms is incomplete';
  return {
    uuid: options.newId(),
    summary: fitSummary(summary),
    detail: `Open the app to review the medication list by hand.${dataGapsSection(report)}`,
    indicator: 'info',
    source: { label: sourceLabel, topic: topics.medication },
    links: [appLink(options)],
  };
}

/** A deceased patient: one info card that says so, and no flag or order (lib/knowledge). */
export function deceasedCard(report: Report, options: CardOptions): CdsCard {
  const date = report.patient.deceased?.date;
  return {
    uuid: options.newId(),
    summary: fitSummary(deceasedTakesNoDrug.cardSummary(date)),
    detail:
      [
        escapeMarkdown(deceasedTakesNoDrug.text(date)),
        '',
        escapeMarkdown(report.flags.iron.recommendation),
        '',
        `Source: ${escapeMarkdown(deceasedTakesNoDrug.citation)}`,
        '',
        '**Chart resources:**',
        sourcesList([report.patient.reference]),
      ].join('\n') + dataGapsSection(report),
    indicator: 'info',
    source: { label: sourceLabel, topic: topics.medication },
    links: [appLink(options)],
  };
}

/**
 * The cards for a Report: one per current medication flag, then iron. Empty when nothing applies;
 * a deceased patient gets the one card that says so.
 */
export function cardsFromReport(report: Report, options: CardOptions): CdsCard[] {
  if (report.patient.deceased) return [deceasedCard(report, options)];
  const cards = report.flags.medications
    .filter((flag) => flag.status === 'current')
    .map((flag) => medicationCard(flag, report, options));
  if (cards.length === 0 && report.flags.medicationSearch !== 'complete') {
    cards.push(incompleteMedicationReviewCard(report, options));
  }
  const iron = ironCard(report, options);
  if (iron) cards.push(iron);
  return cards;
}
