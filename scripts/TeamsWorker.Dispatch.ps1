#Requires -Version 7.2
<#
.SYNOPSIS
    The Teams worker's dispatch: one protocol request in, one protocol response out.

.DESCRIPTION
    Shared by the stdio worker (TeamsWorker.ps1) and the Azure Functions entry
    (TeamsWorkerFunction/run.ps1). The protocol is defined in
    bot/src/gateway/teams/protocol.ts: a request { id, op, args } and a response
    { id, ok: true, result } or { id, ok: false, error: { kind, message, retryAfterMs? } }.

    Every argument is JSON data. Cmdlets and their parameters come from the allow-list
    below, which mirrors CALLING_SETTINGS_PARAMETER_SETS in core/src/plan/settingsWrite.ts;
    values are converted to the parameter's .NET type and bound BY NAME by splatting
    (& $command @parameters). No script text is ever built from a request, so a value
    such as '$(Remove-Item ...)' or '"; Remove-Team' is only ever a string.

    Nothing here writes to stdout: the stdio worker owns stdout for protocol lines, and
    logs go through Write-TeamsWorkerLog (stderr, or the Functions log).
#>

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

. (Join-Path $PSScriptRoot 'TeamsWorker.Reads.ps1')
. (Join-Path $PSScriptRoot 'TeamsWorker.Errors.ps1')

# Where logs go; run.ps1 replaces it with the Functions logger.
$script:TeamsWorkerLogSink = { param([string]$Message) [Console]::Error.WriteLine($Message); [Console]::Error.Flush() }

function Write-TeamsWorkerLog([string]$Message) {
    & $script:TeamsWorkerLogSink "$([DateTime]::UtcNow.ToString('o')) $Message"
}

<# A property that may be missing (StrictMode throws on a missing one), of an object or a dictionary. #>
function Get-OptionalProperty($Object, [string]$Name) {
    if ($null -eq $Object) { return $null }
    if ($Object -is [System.Collections.IDictionary]) { return $Object[$Name] }
    $property = $Object.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

$script:TargetTypes = @('Voicemail', 'SingleTarget', 'MyDelegates', 'Group')
$script:NotificationSettings = @('Ring', 'Banner', 'Mute')

function New-ParameterSpec([string]$Kind, [bool]$Required = $true, [string[]]$Values = @()) {
    [pscustomobject]@{ Kind = $Kind; Required = $Required; Values = $Values }
}

$script:DelegateSpecs = [ordered]@{
    Delegate        = New-ParameterSpec 'String'
    MakeCalls       = New-ParameterSpec 'Boolean' $false
    ReceiveCalls    = New-ParameterSpec 'Boolean' $false
    ManageSettings  = New-ParameterSpec 'Boolean' $false
    PickUpHeldCalls = New-ParameterSpec 'Boolean' $false
    JoinActiveCalls = New-ParameterSpec 'Boolean' $false
}

# Cmdlet -> parameter set -> parameter -> spec. The cmdlet's parameter sets cannot be
# combined in one call (office-docs-powershell Set-CsUserCallingSettings.md).
$script:AllowedWrites = @{
    'Set-CsUserCallingSettings'    = @{
        ForwardingOnOff       = [ordered]@{ IsForwardingEnabled = New-ParameterSpec 'Boolean' }
        Forwarding            = [ordered]@{
            IsForwardingEnabled  = New-ParameterSpec 'Boolean'
            ForwardingType       = New-ParameterSpec 'Enum' $true @('Immediate', 'Simultaneous')
            ForwardingTargetType = New-ParameterSpec 'Enum' $true $script:TargetTypes
            ForwardingTarget     = New-ParameterSpec 'String' $false
        }
        UnansweredOnOff       = [ordered]@{ IsUnansweredEnabled = New-ParameterSpec 'Boolean' }
        Unanswered            = [ordered]@{
            IsUnansweredEnabled  = New-ParameterSpec 'Boolean'
            UnansweredTargetType = New-ParameterSpec 'Enum' $false $script:TargetTypes
            UnansweredTarget     = New-ParameterSpec 'String' $false
            UnansweredDelay      = New-ParameterSpec 'Delay'
        }
        CallGroup             = [ordered]@{
            CallGroupOrder   = New-ParameterSpec 'Enum' $true @('Simultaneous', 'InOrder')
            CallGroupTargets = New-ParameterSpec 'StringArray'
        }
        CallGroupMembership   = [ordered]@{ GroupMembershipDetails = New-ParameterSpec 'MembershipDetails' }
        CallGroupNotification = [ordered]@{ GroupNotificationOverride = New-ParameterSpec 'Enum' $true $script:NotificationSettings }
    }
    'New-CsUserCallingDelegate'    = @{ Delegate = $script:DelegateSpecs }
    'Set-CsUserCallingDelegate'    = @{ Delegate = $script:DelegateSpecs }
    'Remove-CsUserCallingDelegate' = @{ Delegate = [ordered]@{ Delegate = New-ParameterSpec 'String' } }
}

<#
    A request that breaks the rules is refused with this exception, which becomes a
    `rejected` response. A marked ArgumentException rather than a PowerShell class:
    classes in dot-sourced files are redefined on every Functions invocation.
#>
function New-TeamsWorkerRefusal([string]$Message) {
    $exception = [System.ArgumentException]::new($Message)
    $exception.Data['TeamsWorkerRefusal'] = $true
    return $exception
}

function ConvertFrom-TeamsWorkerJsonElement([System.Text.Json.JsonElement]$Element) {
    switch ($Element.ValueKind.ToString()) {
        'Object' {
            # Case-insensitive, like PowerShell parameter names: `identity` and `Identity` twice is refused.
            $table = [ordered]@{}
            foreach ($property in $Element.EnumerateObject()) {
                if ($table.Contains($property.Name)) { throw (New-TeamsWorkerRefusal "The property '$($property.Name)' appears twice.") }
                $table.Add($property.Name, (ConvertFrom-TeamsWorkerJsonElement $property.Value))
            }
            return $table
        }
        'Array' {
            $items = [System.Collections.Generic.List[object]]::new()
            foreach ($item in $Element.EnumerateArray()) { $items.Add((ConvertFrom-TeamsWorkerJsonElement $item)) }
            # The comma keeps an empty or one-item array an array.
            return , $items.ToArray()
        }
        'String' { return $Element.GetString() }
        'Number' {
            [long]$whole = 0
            if ($Element.TryGetInt64([ref]$whole)) { return $whole }
            return $Element.GetDouble()
        }
        'True' { return $true }
        'False' { return $false }
        default { return $null }
    }
}

<#
    JSON text to hashtables, arrays and plain values. System.Text.Json rather than
    ConvertFrom-Json, because ConvertFrom-Json turns strings that look like dates into
    DateTime objects: a request's strings must reach the cmdlet exactly as sent.
#>
function ConvertFrom-TeamsWorkerJson([string]$Text) {
    $document = [System.Text.Json.JsonDocument]::Parse($Text)
    try { return , (ConvertFrom-TeamsWorkerJsonElement $document.RootElement) } finally { $document.Dispose() }
}

# One response as one line: compact, and ASCII only, so no console encoding can alter it.
function ConvertTo-TeamsWorkerJson($Response) {
    ConvertTo-Json -InputObject $Response -Compress -Depth 10 -EscapeHandling EscapeNonAscii
}

function Test-IsDictionary($Value) { $Value -is [System.Collections.IDictionary] }

function ConvertTo-ParameterValue([string]$Name, $Spec, $Value) {
    $refuse = { param([string]$Expected) throw (New-TeamsWorkerRefusal "-$Name must be $Expected.") }
    switch ($Spec.Kind) {
        'Boolean' { if ($Value -is [bool]) { return $Value }; & $refuse '$true or $false' }
        'String' { if ($Value -is [string]) { return $Value }; & $refuse 'a string' }
        'Enum' { if ($Value -is [string] -and $Spec.Values -ccontains $Value) { return $Value }; & $refuse "one of $($Spec.Values -join ', ')" }
        # The cmdlet takes the delay as a string in hh:mm:ss (Set-CsUserCallingSettings.md, -UnansweredDelay).
        'Delay' { if ($Value -is [string] -and $Value -cmatch '^\d{2}:[0-5]\d:[0-5]\d$') { return $Value }; & $refuse 'hh:mm:ss' }
        'StringArray' {
            if ($Value -isnot [object[]] -or @($Value | Where-Object { $_ -isnot [string] }).Count -gt 0) { & $refuse 'a list of strings' }
            return , [string[]]$Value
        }
        'MembershipDetails' {
            if ($Value -isnot [object[]]) { & $refuse 'a list of {CallGroupOwnerId, NotificationSetting}' }
            $detailType = 'Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Models.ICallGroupMembershipDetails' -as [type]
            $details = @(foreach ($item in $Value) {
                $valid = (Test-IsDictionary $item) -and $item.Count -eq 2 -and $item['CallGroupOwnerId'] -is [string] -and $item['NotificationSetting'] -is [string] -and $script:NotificationSettings -ccontains $item['NotificationSetting']
                if (-not $valid) { & $refuse 'a list of {CallGroupOwnerId, NotificationSetting}' }
                $detail = @{ CallGroupOwnerId = [string]$item['CallGroupOwnerId']; NotificationSetting = [string]$item['NotificationSetting'] }
                # As in the cmdlet reference's Example 8: the hashtable is cast to the model type, values stay data.
                # ConvertTo (unlike -as) throws when the conversion fails instead of yielding $null.
                if ($null -ne $detailType) { [System.Management.Automation.LanguagePrimitives]::ConvertTo($detail, $detailType) } else { $detail }
            })
            return , $details
        }
        default { throw "Unknown parameter kind $($Spec.Kind)" }
    }
}

<# The splatting table for one write, built only from allow-listed names. #>
function ConvertTo-TeamsWriteParameters($Write) {
    if (-not (Test-IsDictionary $Write)) { throw (New-TeamsWorkerRefusal 'The write must be an object.') }
    $requested = $Write['cmdlet']
    # Only the allow-list's own spelling of a cmdlet name ever reaches Get-Command.
    $cmdlet = $script:AllowedWrites.Keys | Where-Object { $requested -is [string] -and $_ -eq $requested } | Select-Object -First 1
    if ($null -eq $cmdlet) { throw (New-TeamsWorkerRefusal "The cmdlet '$requested' is not allowed.") }
    $sets = $script:AllowedWrites[$cmdlet]
    $setName = $Write['parameterSet']
    $specs = if ($setName -is [string] -and $sets.ContainsKey($setName)) { $sets[$setName] } else { $null }
    if ($null -eq $specs) { throw (New-TeamsWorkerRefusal "$cmdlet has no parameter set '$setName'.") }
    $identity = $Write['identity']
    if ($identity -isnot [string] -or [string]::IsNullOrWhiteSpace($identity)) { throw (New-TeamsWorkerRefusal 'The write names no user (-Identity).') }
    $given = $Write['parameters']
    if (-not (Test-IsDictionary $given)) { throw (New-TeamsWorkerRefusal 'The write has no parameters object.') }

    $parameters = [ordered]@{ Identity = $identity }
    foreach ($name in $given.Keys) {
        if (-not $specs.Contains($name)) { throw (New-TeamsWorkerRefusal "$cmdlet ($setName) has no parameter -$name.") }
        $canonical = $specs.Keys | Where-Object { $_ -eq $name } | Select-Object -First 1
        $value = $given[$name]
        if ($null -eq $value) {
            if ($specs[$canonical].Required) { throw (New-TeamsWorkerRefusal "-$canonical is required.") }
            continue
        }
        $parameters[$canonical] = ConvertTo-ParameterValue $canonical $specs[$canonical] $value
    }
    foreach ($name in $specs.Keys) {
        if ($specs[$name].Required -and -not $parameters.Contains($name)) { throw (New-TeamsWorkerRefusal "-$name is required in $setName.") }
    }
    # New-CsUserCallingDelegate marks every permission Required with default False
    # (New-CsUserCallingDelegate.md); pass the default rather than let it prompt.
    if ($cmdlet -eq 'New-CsUserCallingDelegate') {
        foreach ($name in @('MakeCalls', 'ReceiveCalls', 'ManageSettings', 'PickUpHeldCalls', 'JoinActiveCalls')) {
            if (-not $parameters.Contains($name)) { $parameters[$name] = $false }
        }
    }
    [pscustomobject]@{ Cmdlet = $cmdlet; Parameters = $parameters }
}

<#
    Run one allow-listed Teams cmdlet with named parameters. Warnings, verbose and
    information records (Write-Host) are sent to the log instead of stdout.
#>
function Invoke-TeamsCmdlet([string]$Name, [System.Collections.IDictionary]$Parameters = @{}) {
    $command = Get-Command -Name $Name -CommandType @('Cmdlet', 'Function') -ErrorAction Stop | Select-Object -First 1
    $splat = @{}
    foreach ($key in $Parameters.Keys) { $splat[$key] = $Parameters[$key] }
    if ($command.Parameters.ContainsKey('Confirm')) { $splat['Confirm'] = $false }
    $output = & $command @splat -ErrorAction Stop 3>&1 4>&1 5>&1 6>&1
    $results = [System.Collections.Generic.List[object]]::new()
    foreach ($item in @($output)) {
        $isStream = $item -is [System.Management.Automation.WarningRecord] -or $item -is [System.Management.Automation.VerboseRecord] -or
            $item -is [System.Management.Automation.DebugRecord] -or $item -is [System.Management.Automation.InformationRecord]
        if ($isStream) { Write-TeamsWorkerLog "${Name}: $item" } else { $results.Add($item) }
    }
    return , $results.ToArray()
}

# Global, because run.ps1 dot-sources this file on every invocation while the connection lives on.
if (-not (Test-Path Variable:global:CgmTeamsWorkerConnected)) { $global:CgmTeamsWorkerConnected = $false }

<# Connect once per process (or Functions runspace) with app-only certificate auth. #>
function Connect-TeamsWorker {
    if ($global:CgmTeamsWorkerConnected) { return }
    foreach ($name in @('TEAMS_TENANT_ID', 'TEAMS_APP_ID', 'TEAMS_CERT_THUMBPRINT')) {
        if ([string]::IsNullOrWhiteSpace([Environment]::GetEnvironmentVariable($name))) { throw (New-TeamsWorkerRefusal "The worker is not configured: $name is not set.") }
    }
    Import-Module MicrosoftTeams -ErrorAction Stop
    $null = Invoke-TeamsCmdlet 'Connect-MicrosoftTeams' @{ TenantId = $env:TEAMS_TENANT_ID; ApplicationId = $env:TEAMS_APP_ID; CertificateThumbprint = $env:TEAMS_CERT_THUMBPRINT }
    $global:CgmTeamsWorkerConnected = $true
    Write-TeamsWorkerLog "Connected to Microsoft Teams (tenant $env:TEAMS_TENANT_ID, app $env:TEAMS_APP_ID)."
}

function Disconnect-TeamsWorker {
    if (-not $global:CgmTeamsWorkerConnected) { return }
    $global:CgmTeamsWorkerConnected = $false
    try { $null = Invoke-TeamsCmdlet 'Disconnect-MicrosoftTeams' } catch { Write-TeamsWorkerLog "Disconnect failed: $($_.Exception.Message)" }
}

function Invoke-TeamsWorkerOp([string]$Op, [System.Collections.IDictionary]$Arguments) {
    $expected = @{ ready = @(); readDirectory = @(); readSettings = @('identity'); applyWrite = @('write') }
    if (-not $expected.ContainsKey($Op)) { throw (New-TeamsWorkerRefusal "Unknown op '$Op'.") }
    foreach ($key in $Arguments.Keys) {
        if ($expected[$Op] -notcontains $key) { throw (New-TeamsWorkerRefusal "$Op takes no argument '$key'.") }
    }
    Connect-TeamsWorker
    switch ($Op) {
        'ready' { return [ordered]@{ connected = $true; tenantId = $env:TEAMS_TENANT_ID; moduleVersion = [string](Get-Module MicrosoftTeams | Select-Object -First 1).Version } }
        'readDirectory' { return Read-TeamsDirectory }
        'readSettings' {
            $identity = $Arguments['identity']
            if ($identity -isnot [string] -or [string]::IsNullOrWhiteSpace($identity)) { throw (New-TeamsWorkerRefusal 'readSettings needs an identity.') }
            return Read-TeamsCallingSettings $identity
        }
        'applyWrite' {
            $write = ConvertTo-TeamsWriteParameters $Arguments['write']
            $null = Invoke-TeamsCmdlet $write.Cmdlet $write.Parameters
            return [ordered]@{ applied = $true }
        }
    }
}

<# The top-level string "id" of a JSON text, or $null. #>
function Get-TeamsWorkerRequestId([string]$Text) {
    try {
        $document = [System.Text.Json.JsonDocument]::Parse($Text)
    } catch {
        return $null
    }
    try {
        $root = $document.RootElement
        $idElement = [System.Text.Json.JsonElement]::new()
        if ($root.ValueKind -ne 'Object' -or -not $root.TryGetProperty('id', [ref]$idElement) -or $idElement.ValueKind -ne 'String') { return $null }
        $id = $idElement.GetString()
        return $(if ($id.Length -gt 0) { $id } else { $null })
    } finally { $document.Dispose() }
}

<#
    One request line (or HTTP body) to one response. Returns $null only when the text
    names no request id, so there is nobody to answer; that is logged.
#>
function Invoke-TeamsWorkerLine([string]$Line) {
    try {
        $request = ConvertFrom-TeamsWorkerJson $Line
    } catch {
        # Valid JSON that breaks a rule (a property twice) still has an id to answer; silence would
        # leave the server waiting for its timeout and then restart the worker.
        $id = if ($_.Exception.Data.Contains('TeamsWorkerRefusal')) { Get-TeamsWorkerRequestId $Line } else { $null }
        if ($null -ne $id) { return [ordered]@{ id = $id; ok = $false; error = [ordered]@{ kind = 'rejected'; message = $_.Exception.Message } } }
        Write-TeamsWorkerLog "Ignored a line that is not JSON: $($_.Exception.Message)"
        return $null
    }
    $id = if (Test-IsDictionary $request) { $request['id'] } else { $null }
    if ($id -isnot [string] -or $id.Length -eq 0) {
        Write-TeamsWorkerLog 'Ignored a request without an id.'
        return $null
    }
    $op = $request['op']
    $arguments = $request['args']
    $started = [System.Diagnostics.Stopwatch]::StartNew()
    try {
        if ($op -isnot [string] -or -not (Test-IsDictionary $arguments)) { throw (New-TeamsWorkerRefusal 'A request needs an op and an args object.') }
        $result = Invoke-TeamsWorkerOp $op $arguments
        Write-TeamsWorkerLog "$op $id ok in $($started.ElapsedMilliseconds) ms"
        return [ordered]@{ id = $id; ok = $true; result = $result }
    } catch {
        $record = $_
        try {
            $workerError = ConvertTo-TeamsWorkerError $record
        } catch {
            # The classifier must never take the worker down: an unclassifiable failure is the service's refusal.
            $workerError = [ordered]@{ kind = 'rejected'; message = [string]$record.Exception.Message }
        }
        Write-TeamsWorkerLog "$op $id failed in $($started.ElapsedMilliseconds) ms as $($workerError.kind): $($workerError.message)"
        return [ordered]@{ id = $id; ok = $false; error = $workerError }
    }
}
