import { runAnalyze } from './analyze-command';

// Process entry of `npm run -s analyze`: the only place that reads the clock and the process.
const result = runAnalyze(process.argv.slice(2), { today: () => new Date() });
if (result.stdout) process.stdout.write(result.stdout);
if (result.stderr) process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
