#Requires -Version 7.2
<#
.SYNOPSIS
    Runs the Pester tests of scripts/ (scripts/tests/*.Tests.ps1) against the STAND-IN
    MicrosoftTeams module. `npm run test:ps` runs it through scripts/tests/pester.mjs, which finds
    pwsh and Pester where `npm run setup:tools` put them.

.PARAMETER PesterPath
    Pester's module folder (.tools/modules/Pester).

.PARAMETER SummaryPath
    Where to write the result as JSON: { passed, failed, skipped, total, durationMs, failures }.

.PARAMETER Path
    Test files to run (a list, or one comma-separated string); default every *.Tests.ps1 beside this script.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string]$PesterPath,
    [string]$SummaryPath = '',
    [string[]]$Path = @(),
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')] [string]$Verbosity = 'Normal'
)
$ErrorActionPreference = 'Stop'
Import-Module ([System.IO.Path]::GetFullPath($PesterPath)) -Force
$configuration = New-PesterConfiguration
# pwsh -File passes a list as one comma-separated string.
$Path = @($Path | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$configuration.Run.Path = if ($Path.Count -gt 0) { $Path } else { @(Get-ChildItem -Path $PSScriptRoot -Filter '*.Tests.ps1' | ForEach-Object FullName) }
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = $Verbosity
$result = Invoke-Pester -Configuration $configuration
$failures = @($result.Failed | ForEach-Object { [ordered]@{ name = $_.ExpandedPath; error = [string]($_.ErrorRecord | Select-Object -First 1) } }) +
    @($result.FailedContainers | ForEach-Object { [ordered]@{ name = [string]$_.Item; error = [string]($_.ErrorRecord | Select-Object -First 1) } }) +
    @($result.FailedBlocks | ForEach-Object { [ordered]@{ name = $_.ExpandedPath; error = [string]($_.ErrorRecord | Select-Object -First 1) } })
$summary = [ordered]@{
    passed = $result.PassedCount; failed = $result.FailedCount + $result.FailedContainersCount + $result.FailedBlocksCount; skipped = $result.SkippedCount
    total = $result.TotalCount; durationMs = [long]$result.Duration.TotalMilliseconds; failures = $failures
}
if ($SummaryPath -ne '') { [System.IO.File]::WriteAllText($SummaryPath, (ConvertTo-Json -InputObject $summary -Depth 5)) }
exit $(if ($summary.failed -gt 0) { 1 } else { 0 })
