<#
    STAND-IN MicrosoftTeams module, for tests only: the in-memory tenant, the connection, the
    faults a test injects, and errors in the shape the real module writes them. Dot-sourced
    by MicrosoftTeams.psm1.

    Environment (all optional; the stand-in-only cmdlets do the same in-process):
      CGM_STANDIN_TENANT   a cgm.tenant-snapshot file to serve (docs/tenant-snapshot.md)
      CGM_STANDIN_STATE    a file the tenant is kept in across processes: read at start when it
                           exists, rewritten after every accepted write (a restarted worker sees
                           the writes of the one before, as Teams would)
      CGM_STANDIN_FAULTS   a JSON file of fault rules (see Add-StandInFault), read on every call;
                           each rule's `times` is counted down in the file
      CGM_STANDIN_CALL_LOG a file that gets one JSON line per cmdlet call {cmdlet, parameters, pid}, and one
                           {cmdlet, fault: 'Hang', pid} when a call starts to hang
      CGM_STANDIN_CERT_STORE=1  Connect-MicrosoftTeams -CertificateThumbprint needs the
                           certificate in CurrentUser\My with its private key, as the real one does
#>

$script:Tenant = $null
$script:Connected = $false
$script:MemoryFaults = [System.Collections.Generic.List[object]]::new()
$script:CallLog = [System.Collections.Generic.List[object]]::new()

function Read-StandInJson([string]$Path) {
    # -DateKind String: a snapshot's strings reach the tenant exactly as written.
    return (Get-Content -LiteralPath $Path -Raw -Encoding utf8 | ConvertFrom-Json -AsHashtable -DateKind String -Depth 20)
}

function Write-StandInJson([string]$Path, $Value) {
    $temporary = "$Path.$PID.tmp"
    [System.IO.File]::WriteAllText($temporary, (ConvertTo-Json -InputObject $Value -Depth 20), [System.Text.UTF8Encoding]::new($false))
    Move-Item -LiteralPath $temporary -Destination $Path -Force
}

<# The items of a list property of a snapshot hashtable, enumerated (missing and null give none); wrap in @() for an array. #>
function Get-StandInList($Table, [string]$Name) {
    if ($null -eq $Table -or -not $Table.Contains($Name) -or $null -eq $Table[$Name]) { return }
    foreach ($item in @($Table[$Name])) { $item }
}

function Import-StandInSnapshot([string]$Path) {
    $snapshot = Read-StandInJson $Path
    if ($snapshot['format'] -ne 'cgm.tenant-snapshot') { throw "STAND-IN: $Path is not a cgm.tenant-snapshot file." }
    $settings = @{}
    foreach ($entry in (Get-StandInList $snapshot 'callingSettings')) { $settings[(Get-StandInSipKey $entry['SipUri'])] = $entry }
    # Users by object id, UPN and SIP address (lower case, without sip:), as Teams resolves an -Identity.
    $index = @{}
    foreach ($user in (Get-StandInList $snapshot 'users')) {
        foreach ($key in @([string]$user['Identity'], ([string]$user['UserPrincipalName']).ToLowerInvariant(), (Get-StandInSipKey $user['SipAddress']))) { $index[$key] = $user }
    }
    $script:Tenant = @{ Snapshot = $snapshot; Settings = $settings; Users = $index }
}

<# The tenant, loaded on first use from CGM_STANDIN_STATE (when it exists) or CGM_STANDIN_TENANT. #>
function Get-StandInState {
    if ($null -ne $script:Tenant) { return $script:Tenant }
    $state = [string]$env:CGM_STANDIN_STATE
    if ($state -ne '' -and (Test-Path -LiteralPath $state)) { Import-StandInSnapshot $state }
    elseif (-not [string]::IsNullOrWhiteSpace($env:CGM_STANDIN_TENANT)) { Import-StandInSnapshot $env:CGM_STANDIN_TENANT }
    else { throw 'STAND-IN MicrosoftTeams: no tenant. Set CGM_STANDIN_TENANT to a cgm.tenant-snapshot file or run Import-StandInTenant.' }
    return $script:Tenant
}

<# The tenant as a snapshot, settings included (what a write changed). #>
function ConvertTo-StandInSnapshot {
    $state = Get-StandInState
    $snapshot = [ordered]@{}
    foreach ($key in $state.Snapshot.Keys) { $snapshot[$key] = $state.Snapshot[$key] }
    $snapshot['callingSettings'] = @($state.Settings.Keys | Sort-Object | ForEach-Object { $state.Settings[$_] })
    return $snapshot
}

function Save-StandInState {
    if (-not [string]::IsNullOrWhiteSpace($env:CGM_STANDIN_STATE)) { Write-StandInJson $env:CGM_STANDIN_STATE (ConvertTo-StandInSnapshot) }
}

function Get-StandInSipKey([string]$Value) { return ($Value -replace '^(?i)sip:', '').ToLowerInvariant() }

<# A user (not a resource account) by object id, UPN or SIP address, with or without sip:. #>
function Find-StandInUser([string]$Identity) {
    return (Get-StandInState).Users[(Get-StandInSipKey $Identity)]
}

<#
    Write an error as a compiled cmdlet does: non-terminating, unless -ErrorAction or the CALLER's
    $ErrorActionPreference says Stop. (A script module function would otherwise read the
    preference of the module's scope and ignore a caller's $ErrorActionPreference = 'Stop'.)
#>
function Write-StandInError([System.Management.Automation.PSCmdlet]$Cmdlet, [System.Management.Automation.ErrorRecord]$Record) {
    if (-not $Cmdlet.MyInvocation.BoundParameters.ContainsKey('ErrorAction') -and [string]$Cmdlet.SessionState.PSVariable.GetValue('ErrorActionPreference') -eq 'Stop') {
        $Cmdlet.ThrowTerminatingError($Record)
    }
    $Cmdlet.WriteError($Record)
}

<# An ErrorRecord as the module's generated cmdlets write it: a RestException with the service's words in ErrorDetails. #>
function New-StandInError([int]$Status, [string]$Code, [string]$Message, $Target = $null, [int]$RetryAfterSeconds = -1) {
    $exception = [Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Runtime.RestException]::new([System.Net.HttpStatusCode]$Status, $Code, $Message, $RetryAfterSeconds)
    $category = if ($Status -eq 404) { 'ObjectNotFound' } else { 'InvalidOperation' }
    $record = [System.Management.Automation.ErrorRecord]::new($exception, $Code, $category, $Target)
    $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($Message)
    return $record
}

function Get-StandInFaultRules {
    $path = [string]$env:CGM_STANDIN_FAULTS
    if ($path -eq '') { return , $script:MemoryFaults }
    if (-not (Test-Path -LiteralPath $path)) { return , [System.Collections.Generic.List[object]]::new() }
    $rules = [System.Collections.Generic.List[object]]::new()
    foreach ($rule in @(Read-StandInJson $path)) { if ($null -ne $rule) { $rules.Add($rule) } }
    return , $rules
}

function Save-StandInFaultRules($Rules) {
    if ([string]$env:CGM_STANDIN_FAULTS -ne '') { Write-StandInJson $env:CGM_STANDIN_FAULTS @($Rules) }
}

<# The first rule that matches this call and has times left, counted down; $null when none. #>
function Use-StandInFault([string]$Cmdlet, [string]$Identity, [bool]$AfterWrite) {
    $rules = Get-StandInFaultRules
    foreach ($rule in $rules) {
        if ([int]$rule['times'] -le 0 -or [bool]$rule['afterWrite'] -ne $AfterWrite) { continue }
        if ($rule['cmdlet'] -ne '*' -and $rule['cmdlet'] -ne $Cmdlet) { continue }
        if ($null -ne $rule['identity'] -and [string]$rule['identity'] -ne '' -and (Get-StandInSipKey $rule['identity']) -ne (Get-StandInSipKey $Identity)) { continue }
        $rule['times'] = [int]$rule['times'] - 1
        Save-StandInFaultRules $rules
        return $rule
    }
    return $null
}

function Write-StandInCallLogLine([System.Collections.IDictionary]$Entry) {
    if ([string]$env:CGM_STANDIN_CALL_LOG -eq '') { return }
    [System.IO.File]::AppendAllText($env:CGM_STANDIN_CALL_LOG, (ConvertTo-Json -InputObject $Entry -Depth 6 -Compress) + "`n")
}

<# What a fault does: an ErrorRecord to write, or it never returns (hang, exit). #>
function Invoke-StandInFault($Rule, [string]$Cmdlet, $Target) {
    $message = [string]$Rule['message']
    switch ([string]$Rule['kind']) {
        'Throttle' {
            $seconds = if ($null -ne $Rule['retryAfterSeconds']) { [int]$Rule['retryAfterSeconds'] } else { -1 }
            return New-StandInError 429 'TooManyRequests' ($(if ($message) { $message } else { 'Too many requests. The request was throttled by the service.' })) $Target $seconds
        }
        'Transient' { return New-StandInError 503 'ServiceUnavailable' ($(if ($message) { $message } else { 'The service is temporarily unavailable.' })) $Target }
        'Unauthorized' { return New-StandInError 401 'Unauthorized' 'The access token has expired. Run Connect-MicrosoftTeams to sign in again.' $Target }
        'NotFound' { return New-StandInError 404 'NotFound' "Management object not found for identity '$Target'." $Target }
        'Reject' { return New-StandInError 400 'BadRequest' ($(if ($message) { $message } else { 'The request is invalid.' })) $Target }
        'Hang' {
            # Said in the call log, so a test knows the worker is now stuck (and, with afterWrite, the write stored).
            Write-StandInCallLogLine ([ordered]@{ cmdlet = $Cmdlet; fault = 'Hang'; pid = $PID })
            while ($true) { Start-Sleep -Seconds 60 }
        }
        'Exit' { [Environment]::Exit(3) }
        default { throw "STAND-IN: unknown fault kind '$($Rule['kind'])'." }
    }
}

<#
    The start of every stand-in cmdlet: log the call, refuse it without a session (as the real
    module does), and apply an injected fault. Returns an ErrorRecord to write, or $null.
#>
function Enter-StandInCall([string]$Cmdlet, [System.Collections.IDictionary]$Bound, [string]$Identity = '') {
    $parameters = [ordered]@{}
    foreach ($key in $Bound.Keys) { $parameters[$key] = $Bound[$key] }
    $script:CallLog.Add([pscustomobject]@{ Cmdlet = $Cmdlet; Parameters = $parameters })
    Write-StandInCallLogLine ([ordered]@{ cmdlet = $Cmdlet; parameters = $parameters; pid = $PID })
    if ($Cmdlet -notin @('Connect-MicrosoftTeams', 'Disconnect-MicrosoftTeams') -and -not $script:Connected) {
        $exception = [System.UnauthorizedAccessException]::new('Session is not established, run Connect-MicrosoftTeams before requesting access token')
        return [System.Management.Automation.ErrorRecord]::new($exception, 'NotConnected', 'AuthenticationError', $null)
    }
    $rule = Use-StandInFault $Cmdlet $Identity $false
    if ($null -ne $rule) { return Invoke-StandInFault $rule $Cmdlet $Identity }
    return $null
}

<# After a write was stored: a fault marked afterWrite (the worker dies or hangs with the change made). #>
function Exit-StandInWrite([string]$Cmdlet, [string]$Identity) {
    $rule = Use-StandInFault $Cmdlet $Identity $true
    if ($null -ne $rule) { return Invoke-StandInFault $rule $Cmdlet $Identity }
    return $null
}
