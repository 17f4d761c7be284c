import { main } from './main.js';
import { progressBar } from './progress.js';

// A reader that stops early (`careshed coverage ... | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const context = {
  stdout: (text: string) => {
    process.stdout.write(text);
  },
  warn: (quiet?: boolean) => (line: string) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  },
  progress: (quiet?: boolean) => progressBar(process.stderr, quiet),
};

main(process.argv.slice(2), context).then((status) => {
  process.exitCode = status;
});
