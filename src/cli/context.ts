import type { Progress } from '../model/progress.js';

/** What a command may do to the outside world; tests pass their own. */
export interface CommandContext {
  stdout: (text: string) => void;
  /** A warning printer, silenced by --quiet. */
  warn: (quiet?: boolean) => (line: string) => void;
  /** A progress callback for long steps, or none (not a terminal, --quiet). */
  progress: (quiet?: boolean) => Progress | undefined;
}
