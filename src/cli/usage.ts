import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Bad usage of the command line (exit status 2), as opposed to bad input (exit status 1). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with its errors turned into UsageError and the command's name in them. */
export function parseCommand<T extends OptionSpec>(command: string, argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError(`careshed ${command}: ${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '')}`);
  }
}

export function requireOption(command: string, name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`careshed ${command}: --${name} is required (see careshed ${command} --help)`);
  return value;
}

/** A number option: bad usage when it does not parse. */
export function numberOption(command: string, name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new UsageError(`careshed ${command}: --${name} must be a number, got "${value}"`);
  return number;
}

/** `--bounds w,s,e,n`. */
export function boundsOption(command: string, value: string | undefined): [number, number, number, number] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map(Number);
  if (parts.length !== 4 || parts.some((x) => !Number.isFinite(x))) {
    throw new UsageError(`careshed ${command}: --bounds must be WEST,SOUTH,EAST,NORTH in degrees, got "${value}"`);
  }
  return parts as [number, number, number, number];
}

/** An option that takes one of a few words: bad usage naming the choices otherwise. */
export function choiceOption<T extends string>(command: string, name: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`careshed ${command}: --${name} must be one of ${choices.join(', ')}, got "${value}"`);
  return value as T;
}
