// @ts-check
/**
 * Teams Toolkit `script` step of teamsapp.yml's provision: makes the PostgreSQL administrator
 * password once, when the environment has none, and hands it to Teams Toolkit with its
 * `::set-teamsfx-env NAME=VALUE` output convention. The name starts with SECRET_, so Teams
 * Toolkit keeps it in env/.env.<env>.user (git-ignored, encrypted), never in env/.env.<env>.
 * Letters and digits only, so it needs no escaping inside DATABASE_URL.
 */
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import console from 'node:console';
import process from 'node:process';

/** The variables this step may write. */
export const PRODUCES = /** @type {const} */ (['SECRET_POSTGRES_ADMIN_PASSWORD']);

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A password of 32 characters from a 57-letter alphabet (about 186 bits), with the classes PostgreSQL requires. */
export function newPassword() {
  for (;;) {
    let password = '';
    for (let i = 0; i < 32; i++) password += ALPHABET[randomInt(ALPHABET.length)];
    // Azure Database for PostgreSQL requires three of: upper case, lower case, digits, symbols.
    if (/[A-Z]/.test(password) && /[a-z]/.test(password) && /[0-9]/.test(password)) return password;
  }
}

/**
 * The lines to print: nothing when a password already exists, so provisioning twice keeps it.
 * @param {Readonly<Record<string, string | undefined>>} env
 * @returns {string[]}
 */
export function secretLines(env) {
  if ((env['SECRET_POSTGRES_ADMIN_PASSWORD'] ?? '') !== '') return [];
  return [`::set-teamsfx-env SECRET_POSTGRES_ADMIN_PASSWORD=${newPassword()}`];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  for (const line of secretLines(process.env)) console.log(line);
}
