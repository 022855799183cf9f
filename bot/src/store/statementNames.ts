import { createHash } from 'node:crypto';

/**
 * Our statements are a fixed set of texts, so both adapters prepare each once per connection
 * under a name derived from its text: PostgreSQL then parses and plans it once instead of on
 * every call, which for the API's short queries is most of their cost (planning the "groups I'm
 * in" join takes longer than running it).
 */
const statementNames = new Map<string, string>();

/** The prepared statement's name for `sql`: the same text always gets the same name. */
export function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `cgm_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    if (statementNames.size < 10_000) statementNames.set(sql, name);
  }
  return name;
}
