// A one-line progress bar on stderr, only when stderr is a terminal (never in logs or pipes):
// MB read and MB/s while the export is scanned, then patients done / total. Counts only, no PHI.

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): boolean;
}

export class ProgressBar {
  private readonly started = Date.now();
  private bytes = 0;
  private patients = 0;
  private totalPatients: number | null = null;
  private lastDrawn = 0;

  constructor(
    private readonly stream: ProgressStream,
    private readonly totalBytes: number,
  ) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  add(bytes: number, patients: number): void {
    this.bytes += bytes;
    this.patients += patients;
    this.draw(false);
  }

  /** From phase 2 on, the bar counts patients against this total. */
  expectPatients(total: number): void {
    this.totalPatients = total;
    this.draw(true);
  }

  finish(): void {
    if (this.enabled) this.stream.write('\r\x1b[2K');
  }

  private draw(force: boolean): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.lastDrawn < 100) return;
    this.lastDrawn = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const mb = this.bytes / 1e6;
    const rate = `${(mb / seconds).toFixed(0)} MB/s`;
    const done =
      this.totalPatients === null
        ? Math.min(this.bytes / Math.max(this.totalBytes, 1), 1)
        : this.patients / Math.max(this.totalPatients, 1);
    const label =
      this.totalPatients === null
        ? `reading ${mb.toFixed(0)}/${(this.totalBytes / 1e6).toFixed(0)} MB, ${rate}`
        : `${this.patients}/${this.totalPatients} patients, ${rate}`;
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - label.length - 4));
    const filled = Math.round(done * width);
    this.stream.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${label}`);
  }
}
