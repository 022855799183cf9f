#Requires -Version 7.2
<#
.SYNOPSIS
    The Teams worker: a long-lived pwsh process that runs the MicrosoftTeams module for
    the Call Group Manager server, spoken to in JSON lines.

.DESCRIPTION
    Reads one JSON request per line from stdin and writes one compact JSON response per
    line to stdout (protocol: bot/src/gateway/teams/protocol.ts). Requests are handled
    one at a time. stdout carries protocol lines only; logs go to stderr. Connects once,
    on the first request, with app-only certificate auth from TEAMS_TENANT_ID,
    TEAMS_APP_ID and TEAMS_CERT_THUMBPRINT. Exits, after disconnecting, when stdin ends.

    Started by the server's stdio transport:
        pwsh -NoLogo -NoProfile -NonInteractive -File scripts/TeamsWorker.ps1

.NOTES
    See scripts/README.md for the permissions the app needs and what was verified.
#>
[CmdletBinding()]
param()

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

. (Join-Path $PSScriptRoot 'TeamsWorker.Dispatch.ps1')

$stdout = [Console]::Out
$stdin = [Console]::In
Write-TeamsWorkerLog "Teams worker started (pid $PID, PowerShell $($PSVersionTable.PSVersion))."
try {
    while ($null -ne ($line = $stdin.ReadLine())) {
        if ([string]::IsNullOrWhiteSpace($line)) { continue }
        $response = Invoke-TeamsWorkerLine $line
        if ($null -eq $response) { continue }
        # One line per response, LF-terminated, flushed at once: the server is waiting for it.
        $stdout.Write((ConvertTo-TeamsWorkerJson $response) + "`n")
        $stdout.Flush()
    }
} finally {
    Disconnect-TeamsWorker
    Write-TeamsWorkerLog 'Teams worker stopped: end of input.'
}
