import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PowerShellRenderError, powerShellComment, powerShellStringProblem, quotePowerShellString, renderPowerShell, renderWriteLine } from './powershell.js';
import type { SettingsWrite } from './settingsWrite.js';

/** Every character PowerShell's tokenizer takes as a single quote. */
const QUOTES = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);

/**
 * A tiny PowerShell single-quoted-string tokenizer: from an opening quote, a quote
 * followed by a quote is one escaped (the second) quote; a lone quote ends the string.
 */
function readSingleQuoted(line: string, start: number): { value: string; end: number } {
  if (!QUOTES.has(line[start] ?? '')) throw new Error(`no string at ${start}`);
  let value = '';
  for (let i = start + 1; i < line.length; i += 1) {
    const c = line[i] as string;
    if (!QUOTES.has(c)) value += c;
    else if (QUOTES.has(line[i + 1] ?? '')) value += line[(i += 1)];
    else return { value, end: i + 1 };
  }
  throw new Error('unterminated string');
}

const forwardTo = (target: string, identity = 'sip:owner@contoso.com'): SettingsWrite => ({
  cmdlet: 'Set-CsUserCallingSettings',
  identity,
  parameterSet: 'Forwarding',
  parameters: { IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'SingleTarget', ForwardingTarget: target },
  reason: 'Also ring a person.',
});
const lineOf = (write: SettingsWrite) => {
  const line = renderWriteLine(write);
  if (!line.ok) throw new Error(line.problems.map((p) => p.message).join(' '));
  return line.value;
};

describe('quotePowerShellString', () => {
  it.each([
    ["O'Brien", "'O''Brien'"],
    ['O\u2019Brien', "'O\u2019\u2019Brien'"],
    ['\u2018a\u201Ab\u201B', "'\u2018\u2018a\u201A\u201Ab\u201B\u201B'"],
    ['$x', "'$x'"],
    ['$(Remove-Item -Recurse C:\\)', "'$(Remove-Item -Recurse C:\\)'"],
    ['a`nb', "'a`nb'"],
    ['a; Remove-Item x', "'a; Remove-Item x'"],
    ['a # not a comment', "'a # not a comment'"],
    ['say "hi"', "'say \"hi\"'"],
    ['', "''"],
  ])('writes %j as the inert literal %s', (value, expected) => {
    expect(quotePowerShellString(value)).toBe(expected);
  });

  it.each(['a\nb', 'a\rb', 'a\u2028b', 'a\u0085b', 'a\u0000b', 'a\tb', 'a\uD800b'])('refuses %j', (value) => {
    expect(() => quotePowerShellString(value)).toThrow(PowerShellRenderError);
  });
});

describe('renderWriteLine', () => {
  it('writes a hostile display name or address as one inert argument', () => {
    expect(lineOf(forwardTo("x'; Remove-Item C:\\ -Recurse; '$(calc)`#\u2019"))).toBe(
      "Set-CsUserCallingSettings -Identity 'sip:owner@contoso.com' -IsForwardingEnabled $true -ForwardingType Simultaneous -ForwardingTargetType SingleTarget -ForwardingTarget 'x''; Remove-Item C:\\ -Recurse; ''$(calc)`#\u2019\u2019'",
    );
  });

  it('refuses a newline in a value instead of ending the statement', () => {
    const line = renderWriteLine(forwardTo('sip:a@contoso.com\nRemove-Item C:\\'));
    expect(line.ok ? [] : line.problems.map((p) => `${p.code} ${p.path}`)).toEqual(['unsafe-string parameters.ForwardingTarget']);
  });

  it('refuses an enum value outside its allow-list, since enums are written bare', () => {
    const write = { ...forwardTo('+12065551234'), parameters: { ...forwardTo('+12065551234').parameters, ForwardingTargetType: 'Group; Remove-Item x' } };
    const line = renderWriteLine(write);
    expect(line.ok ? [] : line.problems.map((p) => p.code)).toEqual(['invalid-parameter']);
  });

  it('refuses a parameter name the parameter set does not have', () => {
    const write = { ...forwardTo('+12065551234'), parameters: { IsForwardingEnabled: false, 'x; Remove-Item': true } };
    const line = renderWriteLine({ ...write, parameterSet: 'ForwardingOnOff' });
    expect(line.ok ? [] : line.problems.map((p) => p.code)).toEqual(['unknown-parameter']);
  });

  it('writes booleans, arrays, the empty array and membership details', () => {
    const group: SettingsWrite = { cmdlet: 'Set-CsUserCallingSettings', identity: 'sip:o@x.com', parameterSet: 'CallGroup', parameters: { CallGroupOrder: 'InOrder', CallGroupTargets: ['sip:a@x.com', "sip:o'neil@x.com"] }, reason: '' };
    expect(lineOf(group)).toBe("Set-CsUserCallingSettings -Identity 'sip:o@x.com' -CallGroupOrder InOrder -CallGroupTargets @('sip:a@x.com', 'sip:o''neil@x.com')");
    expect(lineOf({ ...group, parameters: { CallGroupOrder: 'Simultaneous', CallGroupTargets: [] } })).toBe("Set-CsUserCallingSettings -Identity 'sip:o@x.com' -CallGroupOrder Simultaneous -CallGroupTargets @()");
    const membership: SettingsWrite = { ...group, parameterSet: 'CallGroupMembership', parameters: { GroupMembershipDetails: [{ CallGroupOwnerId: 'sip:b@x.com', NotificationSetting: 'Banner' }] } };
    expect(lineOf(membership)).toBe(
      "Set-CsUserCallingSettings -Identity 'sip:o@x.com' -GroupMembershipDetails @([Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Models.ICallGroupMembershipDetails]@{CallGroupOwnerId = 'sip:b@x.com'; NotificationSetting = 'Banner'})",
    );
    const remove: SettingsWrite = { cmdlet: 'Remove-CsUserCallingDelegate', identity: 'sip:o@x.com', parameterSet: 'Delegate', parameters: { Delegate: 'sip:d@x.com' }, reason: '' };
    expect(lineOf(remove)).toBe("Remove-CsUserCallingDelegate -Identity 'sip:o@x.com' -Delegate 'sip:d@x.com'");
    expect(lineOf({ ...group, parameterSet: 'ForwardingOnOff', parameters: { IsForwardingEnabled: false } })).toBe("Set-CsUserCallingSettings -Identity 'sip:o@x.com' -IsForwardingEnabled $false");
  });

  it('writes an optional null as $null', () => {
    expect(lineOf({ ...forwardTo('x'), parameters: { ...forwardTo('x').parameters, ForwardingTarget: null } })).toContain('-ForwardingTarget $null');
  });
});

describe('renderPowerShell', () => {
  it('comments each step with its reason and keeps line breaks out of comments', () => {
    const script = renderPowerShell([{ ...forwardTo('+12065551234'), reason: 'Ring Bob.\nRemove-Item C:\\' }], { header: 'Tenant contoso\nRun Connect-MicrosoftTeams first.' });
    expect(script).toMatchInlineSnapshot(`
      "# Tenant contoso
      # Run Connect-MicrosoftTeams first.

      # Step 1: Ring Bob. Remove-Item C:\\
      Set-CsUserCallingSettings -Identity 'sip:owner@contoso.com' -IsForwardingEnabled $true -ForwardingType Simultaneous -ForwardingTargetType SingleTarget -ForwardingTarget '+12065551234'
      "
    `);
  });

  it('throws a typed error listing the write that cannot be rendered', () => {
    expect(() => renderPowerShell([forwardTo('+1'), forwardTo('a\nb')])).toThrow('[1].parameters.ForwardingTarget');
  });

  it('turns control characters of a comment into spaces', () => {
    expect(powerShellComment('a\r\nb\u2029c')).toBe('# a  b c');
  });
});

describe('PowerShell literal property', () => {
  const tricky = fc.string({ unit: fc.constantFrom("'", '\u2018', '\u2019', '\u201A', '\u201B', '$', '`', '"', '(', ')', ';', '#', 'a', ' ', '@', '{', '}') });
  const anyText = fc.oneof(tricky, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));

  it('reads back exactly the original string and nothing after it', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        if (powerShellStringProblem(value)) return; // refused values: next property
        const literal = quotePowerShellString(value);
        expect(readSingleQuoted(literal, 0)).toEqual({ value, end: literal.length });
        const line = lineOf(forwardTo(value, `sip:${value}`));
        const identityStart = line.indexOf("'");
        const identity = readSingleQuoted(line, identityStart);
        expect(identity.value).toBe(`sip:${value}`);
        expect(line.slice(identity.end)).toBe(' -IsForwardingEnabled $true -ForwardingType Simultaneous -ForwardingTargetType SingleTarget -ForwardingTarget ' + literal);
        const target = readSingleQuoted(line, identity.end + ' -IsForwardingEnabled $true -ForwardingType Simultaneous -ForwardingTargetType SingleTarget -ForwardingTarget '.length);
        expect(target).toEqual({ value, end: line.length });
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every string with a control character', () => {
    const control = fc.constantFrom('\n', '\r', '\u0000', '\u001B', '\u007F', '\u0085', '\u2028', '\u2029');
    fc.assert(
      fc.property(fc.string(), control, fc.string(), (before, c, after) => {
        expect(renderWriteLine(forwardTo(before + c + after)).ok).toBe(false);
      }),
    );
  });
});
