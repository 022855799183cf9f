<#
    STAND-IN for Microsoft's MicrosoftTeams PowerShell module, for tests only. It never talks
    to Microsoft Teams. The tests put its parent folder (scripts/tests/StandIn.MicrosoftTeams)
    first on PSModulePath, so the scripts' own `Import-Module MicrosoftTeams` loads it.

    Each cmdlet the Teams worker and Export-TenantSnapshot.ps1 call has the parameter names,
    parameter sets and types of its page in Microsoft's office-docs-powershell reference
    (teams/teams-ps/MicrosoftTeams/<cmdlet>.md, named above each function), and returns objects
    with the property names that page prints. It serves an in-memory tenant loaded from a
    cgm.tenant-snapshot file, refuses the writes Teams refuses, and fails the way the module
    does (StandIn.State.ps1): an ErrorRecord carrying an AutoRest RestException with the HTTP
    status and Retry-After, written as a non-terminating error, so only -ErrorAction Stop
    makes it throw. The stand-in-only cmdlets at the end of this file (*-StandIn*) load a
    tenant and inject faults; no real module has them.
#>

Set-StrictMode -Version 3.0

# The module's .NET types, compiled once per source version and cached in the temp folder
# (compiling takes about a second, and every worker process loads the module).
$source = Join-Path $PSScriptRoot 'StandInTypes.cs'
if (-not ('Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Runtime.RestException' -as [type])) {
    $hash = (Get-FileHash -LiteralPath $source -Algorithm SHA256).Hash.Substring(0, 16)
    $assembly = Join-Path ([System.IO.Path]::GetTempPath()) "cgm-standin-teams-$hash-$($PSVersionTable.PSVersion).dll"
    if (-not (Test-Path -LiteralPath $assembly)) {
        $staged = "$assembly.$PID.tmp.dll"
        Add-Type -LiteralPath $source -OutputAssembly $staged
        Move-Item -LiteralPath $staged -Destination $assembly -Force
    }
    Add-Type -LiteralPath $assembly
}

. (Join-Path $PSScriptRoot 'StandIn.State.ps1')
. (Join-Path $PSScriptRoot 'StandIn.CallingRules.ps1')
. (Join-Path $PSScriptRoot 'StandIn.Directory.ps1')
. (Join-Path $PSScriptRoot 'StandIn.Numbers.ps1')
. (Join-Path $PSScriptRoot 'StandIn.CallingSettings.ps1')

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Connect-MicrosoftTeams.md
function Connect-MicrosoftTeams {
    [CmdletBinding(DefaultParameterSetName = 'UserCredential', SupportsShouldProcess)]
    param(
        [Parameter(ParameterSetName = 'UserCredential')] [Parameter(Mandatory, ParameterSetName = 'ServicePrincipalCertificate')]
        [Parameter(Mandatory, ParameterSetName = 'ServicePrincipalCertificateThumbprint')] [Parameter(ParameterSetName = 'AccessTokens')] [string]$TenantId,
        [Parameter(ParameterSetName = 'UserCredential')] [pscredential]$Credential,
        [Parameter(ParameterSetName = 'UserCredential')] [string]$AccountId,
        [Parameter(ParameterSetName = 'UserCredential')] [string]$TeamsEnvironmentName,
        [Parameter(ParameterSetName = 'UserCredential')] [switch]$UseDeviceAuthentication,
        [Parameter(ParameterSetName = 'UserCredential')] [switch]$DisableWAM,
        [Parameter(Mandatory, ParameterSetName = 'ServicePrincipalCertificate')] [System.Security.Cryptography.X509Certificates.X509Certificate2]$Certificate,
        [Parameter(Mandatory, ParameterSetName = 'ServicePrincipalCertificateThumbprint')] [string]$CertificateThumbprint,
        [Parameter(Mandatory, ParameterSetName = 'ServicePrincipalCertificate')] [Parameter(Mandatory, ParameterSetName = 'ServicePrincipalCertificateThumbprint')] [string]$ApplicationId,
        [Parameter(Mandatory, ParameterSetName = 'AccessTokens')] [string[]]$AccessTokens,
        [ValidateSet('Info', 'Error', 'Warning', 'None')] [string]$LogLevel,
        [string]$LogFilePath
    )
    $failure = Enter-StandInCall 'Connect-MicrosoftTeams' $PSBoundParameters $TenantId
    if ($failure) { Write-StandInError $PSCmdlet ($failure); return }
    $tenant = [string](Get-StandInState).Snapshot['tenantId']
    if ($TenantId -ne '' -and $TenantId -ne $tenant) {
        Write-StandInError $PSCmdlet ((New-StandInError 400 'invalid_request' "AADSTS90002: Tenant '$TenantId' not found." $TenantId)); return
    }
    if ($PSCmdlet.ParameterSetName -eq 'ServicePrincipalCertificateThumbprint') {
        # The real module looks the certificate up in the current user's store (Cert:\CurrentUser\My).
        $found = $CertificateThumbprint -match '^[0-9A-Fa-f]{40}$'
        if ($found -and $env:CGM_STANDIN_CERT_STORE -eq '1') {
            $store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
            $store.Open('ReadOnly')
            try { $found = @($store.Certificates.Find('FindByThumbprint', $CertificateThumbprint, $false) | Where-Object HasPrivateKey).Count -gt 0 } finally { $store.Close() }
        }
        if (-not $found) { Write-StandInError $PSCmdlet ((New-StandInError 401 'invalid_client' "Certificate with thumbprint '$CertificateThumbprint' was not found in the CurrentUser\My store." $CertificateThumbprint)); return }
    }
    if (-not $PSCmdlet.ShouldProcess($tenant, 'Connect')) { return }
    $script:Connected = $true
    $account = if ($ApplicationId -ne '') { $ApplicationId } elseif ($AccountId -ne '') { $AccountId } else { 'admin@stand-in' }
    [pscustomobject][ordered]@{ Account = $account; Environment = 'AzureCloud'; Tenant = $tenant; TenantId = $tenant; TenantDomain = $null }
}

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Disconnect-MicrosoftTeams.md
function Disconnect-MicrosoftTeams {
    [CmdletBinding(SupportsShouldProcess)]
    param()
    $null = Enter-StandInCall 'Disconnect-MicrosoftTeams' $PSBoundParameters
    if ($PSCmdlet.ShouldProcess('Microsoft Teams', 'Disconnect')) { $script:Connected = $false }
}

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Get-CsTenant.md (-Identity is an OUIdParameter and -DomainController
# an Fqdn there, Skype for Business server types: strings here).
function Get-CsTenant {
    [CmdletBinding()]
    param([string]$Filter, [string]$DomainController, [Parameter(Position = 0)] [string]$Identity, [int]$ResultSize)
    $failure = Enter-StandInCall 'Get-CsTenant' $PSBoundParameters $Identity
    if ($failure) { Write-StandInError $PSCmdlet ($failure); return }
    $id = [string](Get-StandInState).Snapshot['tenantId']
    $parsed = [guid]::Empty
    [pscustomobject][ordered]@{ TenantId = $(if ([guid]::TryParse($id, [ref]$parsed)) { $parsed } else { $id }); DisplayName = 'Stand-in tenant'; TeamsUpgradeEffectiveMode = 'TeamsOnly' }
}

# ---- Stand-in only: no real module has these. ----

<# Serve this snapshot from now on (and forget writes, the session and faults). #>
function Import-StandInTenant([Parameter(Mandatory)] [string]$Path) {
    Import-StandInSnapshot $Path
    $script:Connected = $false
    $script:MemoryFaults.Clear()
    $script:CallLog.Clear()
}

<# The tenant as a cgm.tenant-snapshot (settings as written). #>
function Get-StandInTenant { ConvertTo-StandInSnapshot }

<#
    Fail the next -Times calls of -Cmdlet ('*' for any), for one -Identity or all. Kinds:
    Throttle (429, Retry-After -RetryAfterSeconds when given), Transient (503), Unauthorized (401),
    NotFound (404), Reject (400, -Message), Hang (never returns), Exit (the process exits).
    -AfterWrite: the write is stored first, then the fault (a worker that dies with the change made).
    With CGM_STANDIN_FAULTS set, the rule goes into that file, for a worker in another process.
#>
function Add-StandInFault {
    param(
        [Parameter(Mandatory)] [string]$Cmdlet,
        [Parameter(Mandatory)] [ValidateSet('Throttle', 'Transient', 'Unauthorized', 'NotFound', 'Reject', 'Hang', 'Exit')] [string]$Kind,
        [int]$Times = 1, [int]$RetryAfterSeconds = -1, [string]$Message = '', [string]$Identity = '', [switch]$AfterWrite
    )
    $rule = [ordered]@{ cmdlet = $Cmdlet; kind = $Kind; times = $Times; message = $Message; identity = $Identity; afterWrite = [bool]$AfterWrite }
    if ($RetryAfterSeconds -ge 0) { $rule['retryAfterSeconds'] = $RetryAfterSeconds }
    $rules = Get-StandInFaultRules
    $rules.Add($rule)
    Save-StandInFaultRules $rules
}

function Clear-StandInFault { $script:MemoryFaults.Clear(); Save-StandInFaultRules @() }

<# Every cmdlet call so far in this process: { Cmdlet, Parameters }. #>
function Get-StandInCallLog { $script:CallLog.ToArray() }

function Clear-StandInCallLog { $script:CallLog.Clear() }

Export-ModuleMember -Function @(
    'Connect-MicrosoftTeams', 'Disconnect-MicrosoftTeams', 'Get-CsTenant', 'Get-CsOnlineUser', 'Get-CsUserCallingSettings', 'Set-CsUserCallingSettings',
    'New-CsUserCallingDelegate', 'Set-CsUserCallingDelegate', 'Remove-CsUserCallingDelegate', 'Get-CsPhoneNumberAssignment', 'Get-CsTeamsCallingPolicy',
    'Get-CsTeamsSharedCallingRoutingPolicy', 'Get-CsOnlineVoiceRoutingPolicy', 'Get-CsTeamsEmergencyCallRoutingPolicy', 'Get-CsOnlineApplicationInstance',
    'Get-CsOnlineLisLocation', 'Get-CsAutoAttendant',
    'Import-StandInTenant', 'Get-StandInTenant', 'Add-StandInFault', 'Clear-StandInFault', 'Get-StandInCallLog', 'Clear-StandInCallLog'
)
