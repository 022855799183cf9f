#Requires -Version 7.2
<#
.SYNOPSIS
    Exports a tenant's Teams calling configuration as a cgm.tenant-snapshot v1 file
    (docs/tenant-snapshot.md), for `cgm scan`, `cgm import` and the server.

.DESCRIPTION
    Reads the tenant with the MicrosoftTeams module, using the same reads as the Teams
    worker (TeamsWorker.Reads.ps1), so the file has the property names the cmdlets print:

      users                         Get-CsOnlineUser -AccountType User
      callingPolicies               Get-CsTeamsCallingPolicy
      voiceRoutingPolicies          Get-CsOnlineVoiceRoutingPolicy
      emergencyCallRoutingPolicies  Get-CsTeamsEmergencyCallRoutingPolicy
      sharedCallingPolicies         Get-CsTeamsSharedCallingRoutingPolicy
      resourceAccounts              Get-CsOnlineApplicationInstance (+ Get-CsAutoAttendant,
                                    Get-CsOnlineUser -AccountType ResourceAccount for licences)
      phoneNumbers                  Get-CsPhoneNumberAssignment
      callingSettings               Get-CsUserCallingSettings, once per user

    The per-user reads are the long part (one call per user). They show progress
    (Write-Progress) and are kept in a checkpoint: the directory read once in
    -CheckpointPath, and each user's settings appended as one JSON line to
    <CheckpointPath>.settings.jsonl as soon as it is read (appending keeps the cost of a
    checkpoint constant however large the tenant). A second run with the same
    -CheckpointPath continues where the first stopped. Throttling
    (HTTP 429, "throttl") and transient failures (timeouts, 5xx) are retried with the
    service's Retry-After when it sends one, else after 2 s doubling up to 2 min, at most
    -MaxAttempts times; a user Teams no longer knows is skipped with a warning.

    Direct Routing numbers: Get-CsPhoneNumberAssignment prints an empty IsoCountryCode for
    them, and the snapshot requires one. The country is derived from the number's E.164
    country calling code (the table below). Codes shared by several countries (+1, +7) and
    codes not in the table take -DefaultCountry; without it such numbers are left out and
    counted in a warning, so the file stays valid.

.PARAMETER OutputPath
    The snapshot file to write (UTF-8, no BOM).

.PARAMETER CheckpointPath
    Where progress is kept; default: OutputPath + '.checkpoint.json' (and the same name
    with .settings.jsonl). Both are deleted after a complete export.

.PARAMETER DefaultCountry
    ISO 3166 alpha-2 code for Direct Routing numbers whose calling code does not name one
    country (for example US for +1 numbers in the United States).

.PARAMETER TenantId, ApplicationId, CertificateThumbprint
    App-only sign-in (the Teams worker's app registration, scripts/README.md). Without
    them the script uses the current Connect-MicrosoftTeams session, or signs you in.

.EXAMPLE
    ./scripts/Export-TenantSnapshot.ps1 -OutputPath tenant.json -DefaultCountry US
    npx cgm scan tenant.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string]$OutputPath,
    [string]$CheckpointPath = '',
    [ValidatePattern('^[A-Z]{2}$')] [string]$DefaultCountry = '',
    [string]$TenantId = '',
    [string]$ApplicationId = '',
    [string]$CertificateThumbprint = '',
    [ValidateRange(1, 20)] [int]$MaxAttempts = 8
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# The worker's reads, cmdlet runner and error classifier (TeamsWorker.Dispatch.ps1 dot-sources
# TeamsWorker.Reads.ps1 and TeamsWorker.Errors.ps1). Its log goes to stderr; progress is ours.
. (Join-Path $PSScriptRoot 'TeamsWorker.Dispatch.ps1')
$ProgressPreference = 'Continue'

# Direct Routing numbers whose calling code names no single country take -DefaultCountry
# (TeamsWorker.Reads.ps1 derives the others' country from the calling code).
if ($DefaultCountry -ne '') { $script:DefaultNumberCountry = $DefaultCountry }

<#
    Runs a read, retrying throttling and transient failures. Returns the result; throws the
    worker's classified error (kind not-found or rejected) or the last retryable one.
#>
function Invoke-WithRetry([string]$What, [scriptblock]$Read) {
    $delayMs = 2000
    for ($attempt = 1; ; $attempt++) {
        try {
            # The comma keeps a list a list (an empty or one-item list would otherwise unroll).
            return , (& $Read)
        } catch {
            $classified = ConvertTo-TeamsWorkerError $_
            $retryable = $classified.kind -in @('throttled', 'transient')
            if (-not $retryable -or $attempt -ge $MaxAttempts) {
                $failure = [System.InvalidOperationException]::new("${What}: $($classified.message)", $_.Exception)
                $failure.Data['kind'] = $classified.kind
                throw $failure
            }
            $waitMs = if ($classified.Contains('retryAfterMs')) { [long]$classified.retryAfterMs } else { $delayMs }
            Write-Warning "${What}: $($classified.kind) (attempt $attempt of $MaxAttempts), waiting $([Math]::Ceiling($waitMs / 1000)) s."
            Start-Sleep -Milliseconds $waitMs
            $delayMs = [Math]::Min($delayMs * 2, 120000)
        }
    }
}

$script:Utf8 = [System.Text.UTF8Encoding]::new($false)

function Save-Checkpoint([string]$Path, $State) {
    # Written beside and then moved over the old one, so a stop mid-write never leaves half a file.
    $temporary = "$Path.tmp"
    [System.IO.File]::WriteAllText($temporary, (ConvertTo-Json -InputObject $State -Depth 12 -Compress), $script:Utf8)
    Move-Item -LiteralPath $temporary -Destination $Path -Force
}

<# One user's settings (or $null for a user Teams does not know) as one appended JSON line. #>
function Add-SettingsLine([string]$Path, [string]$Sip, $Settings) {
    $line = ConvertTo-Json -InputObject ([ordered]@{ sip = $Sip; settings = $Settings }) -Depth 10 -Compress
    [System.IO.File]::AppendAllText($Path, $line + "`n", $script:Utf8)
}

<# The settings lines read so far; a last line cut off by a stop mid-write is dropped (that user is read again). #>
function Read-SettingsLines([string]$Path) {
    $settings = [ordered]@{}
    if (-not (Test-Path -LiteralPath $Path)) { return , $settings }
    foreach ($line in [System.IO.File]::ReadAllLines($Path)) {
        if ([string]::IsNullOrWhiteSpace($line)) { continue }
        try { $entry = ConvertFrom-TeamsWorkerJson $line } catch { Write-Warning 'Dropped an incomplete line of the checkpoint.'; continue }
        $settings[[string]$entry['sip']] = $entry['settings']
    }
    return , $settings
}

function Connect-Tenant {
    Import-Module MicrosoftTeams -ErrorAction Stop
    if ($ApplicationId -ne '') {
        if ($TenantId -eq '' -or $CertificateThumbprint -eq '') { throw 'App-only sign-in needs -TenantId, -ApplicationId and -CertificateThumbprint.' }
        $null = Connect-MicrosoftTeams -TenantId $TenantId -ApplicationId $ApplicationId -CertificateThumbprint $CertificateThumbprint
        return $TenantId
    }
    try {
        $tenant = Get-CsTenant -ErrorAction Stop
    } catch {
        $null = if ($TenantId -ne '') { Connect-MicrosoftTeams -TenantId $TenantId } else { Connect-MicrosoftTeams }
        $tenant = Get-CsTenant -ErrorAction Stop
    }
    return [string]$tenant.TenantId
}

$OutputPath = [System.IO.Path]::GetFullPath($OutputPath)
if ($CheckpointPath -eq '') { $CheckpointPath = "$OutputPath.checkpoint.json" }
$CheckpointPath = [System.IO.Path]::GetFullPath($CheckpointPath)
$SettingsPath = "$CheckpointPath.settings.jsonl"

$tenantId = Connect-Tenant
# The readers' log lines name the tenant from TEAMS_TENANT_ID, as in the worker.
$env:TEAMS_TENANT_ID = $tenantId

$state = $null
if (Test-Path -LiteralPath $CheckpointPath) {
    $saved = ConvertFrom-TeamsWorkerJson ([System.IO.File]::ReadAllText($CheckpointPath))
    if ($saved['tenantId'] -ne $tenantId) { throw "The checkpoint $CheckpointPath is for tenant $($saved['tenantId']), not $tenantId. Delete it or choose another -CheckpointPath." }
    $state = $saved
}

if ($null -eq $state) {
    Write-Progress -Activity 'Exporting tenant snapshot' -Status 'Reading users, policies, resource accounts and numbers' -PercentComplete 0
    $policies = Invoke-WithRetry 'Reading policies' { Read-TeamsPolicies }
    $state = [ordered]@{
        tenantId   = $tenantId
        capturedAt = [DateTime]::UtcNow.ToString('o')
        directory  = [ordered]@{
            users                        = Invoke-WithRetry 'Get-CsOnlineUser' { Read-TeamsUsers }
            callingPolicies              = $policies.Calling
            voiceRoutingPolicies         = $policies.Voice
            emergencyCallRoutingPolicies = $policies.Emergency
            sharedCallingPolicies        = $policies.Shared
            resourceAccounts             = Invoke-WithRetry 'Get-CsOnlineApplicationInstance' { Read-TeamsResourceAccounts }
            phoneNumbers                 = Invoke-WithRetry 'Get-CsPhoneNumberAssignment' { Read-TeamsPhoneNumbers }
        }
    }
    Save-Checkpoint $CheckpointPath $state
    if (Test-Path -LiteralPath $SettingsPath) { Remove-Item -LiteralPath $SettingsPath -Force }
}

$users = @($state['directory']['users'])
# SIP address -> calling settings, or $null for a user Teams no longer knows.
$settings = Read-SettingsLines $SettingsPath
if ($settings.Count -gt 0) { Write-Host "Resuming from $CheckpointPath ($($settings.Count) of $($users.Count) users' calling settings already read)." -ForegroundColor Cyan }
$started = [System.Diagnostics.Stopwatch]::StartNew()
$readThisRun = 0
for ($i = 0; $i -lt $users.Count; $i++) {
    $user = $users[$i]
    $sip = [string]$user['SipAddress']
    if ($settings.Contains($sip)) { continue }
    $remaining = $users.Count - $settings.Count
    $perUserMs = if ($readThisRun -gt 0) { $started.ElapsedMilliseconds / $readThisRun } else { 0 }
    Write-Progress -Activity 'Exporting tenant snapshot' -Status "Calling settings: $($settings.Count) of $($users.Count) ($sip)" `
        -PercentComplete ([int](100 * $settings.Count / [Math]::Max(1, $users.Count))) -SecondsRemaining ([int]($perUserMs * $remaining / 1000))
    try {
        $settings[$sip] = Invoke-WithRetry "Get-CsUserCallingSettings $sip" { Read-TeamsCallingSettings ([string]$user['Identity']) }
    } catch {
        # Anything but an unknown user stops the export; what was read is already in the checkpoint.
        if ($_.Exception.Data['kind'] -ne 'not-found') { throw }
        Write-Warning "Skipped ${sip}: Teams has no calling settings for this user."
        $settings[$sip] = $null
    }
    Add-SettingsLine $SettingsPath $sip $settings[$sip]
    $readThisRun++
}
Write-Progress -Activity 'Exporting tenant snapshot' -Completed

# Read-TeamsPhoneNumbers already gave Direct Routing numbers their country, or left them out with a warning.
$numbers = @($state['directory']['phoneNumbers'])

$snapshot = [ordered]@{
    format                       = 'cgm.tenant-snapshot'
    version                      = 1
    tenantId                     = $state['tenantId']
    capturedAt                   = $state['capturedAt']
    users                        = @($users)
    callingSettings              = @($settings.Values | Where-Object { $null -ne $_ })
    callingPolicies              = @($state['directory']['callingPolicies'])
    voiceRoutingPolicies         = @($state['directory']['voiceRoutingPolicies'])
    emergencyCallRoutingPolicies = @($state['directory']['emergencyCallRoutingPolicies'])
    sharedCallingPolicies        = @($state['directory']['sharedCallingPolicies'])
    resourceAccounts             = @($state['directory']['resourceAccounts'])
    phoneNumbers                 = $numbers
}
[System.IO.File]::WriteAllText($OutputPath, (ConvertTo-Json -InputObject $snapshot -Depth 12), $script:Utf8)
Remove-Item -LiteralPath $CheckpointPath, $SettingsPath -Force -ErrorAction SilentlyContinue
Write-Host "Wrote ${OutputPath}: $($users.Count) users, $($snapshot.callingSettings.Count) calling settings, $($numbers.Count) numbers. Check it with: npx cgm scan `"$OutputPath`"" -ForegroundColor Green
