/** What a command may do to the outside world; tests pass their own. */
export interface CommandContext {
  stdout: (text: string) => void;
  /** A warning printer, silenced by --quiet. */
  warn: (quiet?: boolean) => (line: string) => void;
}
