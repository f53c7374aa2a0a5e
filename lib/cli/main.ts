import { runAnalyzeCommand } from './run-analyze-command';

// Process entry of `npm run -s analyze`: the only place that reads the clock and the process.
runAnalyzeCommand(
  process.argv.slice(2),
  { today: () => new Date() },
  {
    stdout: process.stdout,
    stderr: process.stderr,
  },
).then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    // A bug, not bad data: the error's name only, never chart content.
    process.stderr.write(`analyze: internal error (${error instanceof Error ? error.name : 'unknown'})\n`);
    process.exitCode = 1;
  },
);
