// Loading state for the in-chart view. Its blocks take the space of the header, the flags strip
// and the first differential rows, so the view does not jump when the chart arrives.

const rowKeys = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];

export function ChartSkeleton() {
  return (
    <div className="chart-skeleton" data-testid="chart-skeleton" aria-busy="true">
      <p role="status" className="visually-hidden">
        Loading the chart…
      </p>
      {/* The real title, where the view puts it: the page is never without its heading. */}
      <h1>Leg symptom differential</h1>
      <div className="skeleton-block skeleton-subtitle" aria-hidden="true" />
      <div className="skeleton-block skeleton-toolbar" aria-hidden="true" />
      <div className="skeleton-block skeleton-flags" aria-hidden="true" />
      <div className="skeleton-block skeleton-heading" aria-hidden="true" />
      {rowKeys.map((key) => (
        <div key={key} className="skeleton-block skeleton-row" aria-hidden="true" />
      ))}
    </div>
  );
}
