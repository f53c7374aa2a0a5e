import type { ReactNode } from 'react';
import { fhirDateToMs } from '@/lib/contracts/fhir-dates';
import {
  classText,
  dayText,
  doseEndText,
  ironRouteLabels,
  labName,
  labNoteText,
  labValueText,
  oldOrderText,
  periodEndText,
  periodKindLabels,
} from '@/lib/knowledge/timeline-labels';
import { ironTreatments } from '@/lib/report/timeline-layout';
import type { PictureProps } from './picture-parts';
import { type DescribeSource, type OpenSource, SourceButton } from './source-button';

// The pictures' data as tables (one row per mark, its source last): the accessible way to read
// every value, and the place for what a picture cannot draw (no date, an unconvertible unit).

export interface TableRow {
  /** Unique among the rows (one entry may name two drugs); the source when left out. */
  key?: string;
  source: string;
  cells: ReactNode[];
}

/** The picture's data as a table: one row per mark, its source last. */
export function PictureTable({
  caption,
  head,
  rows,
  describe,
  onOpen,
}: {
  caption: string;
  head: string[];
  rows: TableRow[];
  describe: DescribeSource;
  onOpen: OpenSource;
}) {
  if (rows.length === 0) return null;
  return (
    <table className="picture-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {[...head, 'Source'].map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key ?? row.source}>
            {row.cells.map((cell, i) => (
              <td key={head[i]}>{cell}</td>
            ))}
            <td>
              <SourceButton reference={row.source} describe={describe} onOpen={onOpen} label="kind" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function IronTable({ timeline, describe, onOpen }: PictureProps) {
  const iron = ironTreatments(timeline);
  // Newest first, undated last.
  const dated = timeline.labs.filter((p) => fhirDateToMs(p.date) !== null).reverse();
  const labRows = [...dated, ...timeline.labs.filter((p) => fhirDateToMs(p.date) === null)].map((p) => ({
    source: p.source,
    cells: [dayText(p.date), labName(p), labValueText(p), labNoteText(p)],
  }));
  const treatmentRows = iron.flatMap((drug) => {
    const name = drug.ironRoute ? `${drug.ingredient} (${ironRouteLabels[drug.ironRoute]})` : drug.ingredient;
    return [
      ...drug.periods.map((p) => ({ source: p.source, cells: [dayText(p.start), periodEndText(p), name] })),
      ...drug.doses.map((d) => ({ source: d.source, cells: [dayText(d.date), doseEndText(d), name] })),
    ];
  });
  return (
    <div className="table-scroll">
      <PictureTable
        caption="Ferritin and TSAT results, newest first"
        head={['Date', 'Test', 'Result', 'Notes']}
        rows={labRows}
        describe={describe}
        onOpen={onOpen}
      />
      <PictureTable
        caption="Iron treatments"
        head={['From', 'Until', 'Iron treatment']}
        rows={treatmentRows}
        describe={describe}
        onOpen={onOpen}
      />
    </div>
  );
}

export function DrugTable({ timeline, describe, onOpen }: PictureProps) {
  const drugRows = timeline.drugs.flatMap((drug) => {
    const name = (
      <>
        {drug.ingredient} <span className="muted small">({classText(drug)})</span>
      </>
    );
    return [
      ...drug.periods.map((p) => ({
        key: drug.ingredient + p.source,
        source: p.source,
        cells: [
          name,
          periodKindLabels[p.kind],
          dayText(p.start),
          [periodEndText(p), oldOrderText(p)].filter(Boolean).join('; '),
        ],
      })),
      ...drug.doses.map((d) => ({
        key: drug.ingredient + d.source,
        source: d.source,
        cells: [name, 'administration', dayText(d.date), doseEndText(d)],
      })),
    ];
  });
  const onsetRows = timeline.onsets.map((o) => ({
    key: o.group + o.source,
    source: o.source,
    cells: [`${o.label}: ${o.display}`, `${dayText(o.date)} (${o.dateKind})`],
  }));
  return (
    <div className="table-scroll">
      <PictureTable
        caption="Drugs against time"
        head={['Drug', 'Entry', 'From', 'Until']}
        rows={drugRows}
        describe={describe}
        onOpen={onOpen}
      />
      <PictureTable
        caption="Coded conditions"
        head={['Condition', 'Date']}
        rows={onsetRows}
        describe={describe}
        onOpen={onOpen}
      />
    </div>
  );
}
