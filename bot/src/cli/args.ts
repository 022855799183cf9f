import { CliInputError } from './cliIo.js';

/** The one FILE argument a command takes, or a usage error. */
export function singleFile(positionals: readonly string[], usage: string): string {
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new CliInputError(`expected exactly one FILE, got ${positionals.length}\nusage: ${usage}`);
  }
  return positionals[0];
}

/** An option whose value must be one of a closed list; the error names the option and the choices. */
export function oneOf<TValue extends string>(option: string, value: string | undefined, allowed: readonly TValue[]): TValue {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as TValue;
  throw new CliInputError(`${option} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
}

/** A whole number within bounds, for options such as --users and --seed. */
export function integerOption(option: string, value: string | undefined, min: number, max: number): number {
  const number = Number(value);
  if (value === undefined || !/^-?\d+$/.test(value.trim()) || number < min || number > max) {
    throw new CliInputError(`${option} must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return number;
}
