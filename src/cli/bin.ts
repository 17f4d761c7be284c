import { main } from './main.js';

const context = {
  stdout: (text: string) => {
    process.stdout.write(text);
  },
  warn: (quiet?: boolean) => (line: string) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  },
};

main(process.argv.slice(2), context).then((status) => {
  process.exitCode = status;
});
