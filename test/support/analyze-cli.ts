import { Writable } from 'node:stream';
import { runAnalyzeCommand } from '@/lib/cli/run-analyze-command';

// Runs the whole analyze command (Bundle files and Bulk export folders) in-process, collecting
// what it writes to stdout and stderr.

export class TextSink extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void) {
    this.text += chunk.toString();
    done();
  }
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function runCommand(
  argv: readonly string[],
  today = new Date('2026-11-25T09:30:00Z'),
): Promise<CommandOutput> {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const exitCode = await runAnalyzeCommand(argv, { today: () => today }, { stdout, stderr });
  return { stdout: stdout.text, stderr: stderr.text, exitCode };
}
