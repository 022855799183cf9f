<#
    STAND-IN MicrosoftTeams module, for tests only: the directory cmdlets (users, policies,
    resource accounts, auto attendants, numbers, locations), with the parameters of Microsoft's
    reference pages (office-docs-powershell teams/teams-ps/MicrosoftTeams/<cmdlet>.md) and objects
    with the property names those pages print. Dot-sourced by MicrosoftTeams.psm1.
#>

function Get-StandInPolicyName($Value) {
    if ($null -eq $Value -or [string]$Value -eq '' -or [string]$Value -eq 'Global') { return $null }
    return ([string]$Value -replace '^(?i)tag:', '')
}

function Get-StandInResourceAccount($Account) {
    $types = @('VoiceApp')
    if ($Account['HasPayAsYouGoCallingPlan'] -eq $true) { $types += 'CallingPlan' }
    if ($Account['CommunicationCreditsFunded'] -eq $true) { $types += 'CommunicationCredits' }
    [pscustomobject][ordered]@{
        Identity = [string]$Account['ObjectId']; UserPrincipalName = [string]$Account['UserPrincipalName']; Alias = ([string]$Account['UserPrincipalName'] -split '@')[0]
        AccountEnabled = $true; DisplayName = [string]$(if ($Account['DisplayName']) { $Account['DisplayName'] } else { $Account['UserPrincipalName'] })
        AccountType = 'ResourceAccount'; SipAddress = "sip:$($Account['UserPrincipalName'])"; LineUri = $Account['PhoneNumber']; EnterpriseVoiceEnabled = $true
        FeatureTypes = [string[]]$types; TeamsUpgradeEffectiveMode = 'TeamsOnly'; Department = $null
    }
}

function Get-StandInOnlineUser($User) {
    $types = @('Teams', 'AudioConferencing')
    if ($User['HasTeamsPhoneLicense'] -eq $true) { $types += 'PhoneSystem' }
    $assignments = @(foreach ($type in @('TeamsCallingPolicy', 'OnlineVoiceRoutingPolicy', 'TeamsEmergencyCallRoutingPolicy', 'TeamsSharedCallingRoutingPolicy')) {
        $name = Get-StandInPolicyName $User[$type]
        if ($null -eq $name) { continue }
        [pscustomobject]@{ PolicyType = $type; PolicyAssignment = [pscustomobject]@{ displayName = $name; assignmentType = 'Direct'; policyId = $null; groupId = $null } }
    })
    [pscustomobject][ordered]@{
        Identity = [string]$User['Identity']; UserPrincipalName = [string]$User['UserPrincipalName']; Alias = ([string]$User['UserPrincipalName'] -split '@')[0]
        AccountEnabled = [bool]$(if ($null -ne $User['AccountEnabled']) { $User['AccountEnabled'] } else { $true })
        DisplayName = [string]$(if ($User['DisplayName']) { $User['DisplayName'] } else { $User['UserPrincipalName'] })
        AccountType = 'User'; SipAddress = [string]$User['SipAddress']; LineUri = $User['LineUri']; Department = $User['Department']
        EnterpriseVoiceEnabled = [bool]($User['EnterpriseVoiceEnabled'] -eq $true)
        TeamsUpgradeEffectiveMode = [string]$(if ($User['TeamsUpgradeEffectiveMode']) { $User['TeamsUpgradeEffectiveMode'] } else { 'TeamsOnly' })
        FeatureTypes = [string[]]$types
        TeamsCallingPolicy = Get-StandInPolicyName $User['TeamsCallingPolicy']; OnlineVoiceRoutingPolicy = Get-StandInPolicyName $User['OnlineVoiceRoutingPolicy']
        TeamsEmergencyCallRoutingPolicy = Get-StandInPolicyName $User['TeamsEmergencyCallRoutingPolicy']; TeamsSharedCallingRoutingPolicy = Get-StandInPolicyName $User['TeamsSharedCallingRoutingPolicy']
        EffectivePolicyAssignments = $assignments
    }
}

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Get-CsOnlineUser.md. -Identity is a UserIdParameter there (and
# -AccountType, by a slip of the page, too): strings here, as the worker passes them. -ResultSize is uint32 since module 4.0.
function Get-CsOnlineUser {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string]$Identity,
        [ValidateSet('User', 'ResourceAccount', 'Guest', 'SfBOnPremUser', 'IneligibleUser')] [string]$AccountType,
        [string]$Filter,
        [string]$Properties,
        [uint32]$ResultSize,
        [switch]$SkipUserPolicies,
        [switch]$SoftDeletedUser,
        [switch]$Sort
    )
    $failure = Enter-StandInCall 'Get-CsOnlineUser' $PSBoundParameters $Identity
    if ($failure) { Write-StandInError $PSCmdlet ($failure); return }
    if ($PSBoundParameters.ContainsKey('Filter')) { throw 'STAND-IN: Get-CsOnlineUser -Filter is not modelled.' }
    $snapshot = (Get-StandInState).Snapshot
    $rows = [System.Collections.Generic.List[object]]::new()
    if ($AccountType -in @('', 'User')) { foreach ($user in (Get-StandInList $snapshot 'users')) { $rows.Add((Get-StandInOnlineUser $user)) } }
    if ($AccountType -in @('', 'ResourceAccount')) { foreach ($account in (Get-StandInList $snapshot 'resourceAccounts')) { $rows.Add((Get-StandInResourceAccount $account)) } }
    if ($PSBoundParameters.ContainsKey('Identity')) {
        $key = Get-StandInSipKey $Identity
        $match = @($rows | Where-Object { $_.Identity -eq $key -or $_.UserPrincipalName.ToLowerInvariant() -eq $key -or (Get-StandInSipKey $_.SipAddress) -eq $key })
        if ($match.Count -eq 0) { Write-StandInError $PSCmdlet ((New-StandInError 404 'NotFound' "Management object not found for identity '$Identity'." $Identity)); return }
        $rows = $match
    }
    $count = if ($PSBoundParameters.ContainsKey('ResultSize')) { [int][Math]::Min($ResultSize, $rows.Count) } else { $rows.Count }
    for ($i = 0; $i -lt $count; $i++) { $rows[$i] }
}

<# The policy cmdlets' common shape: all instances, or the one -Identity names (Tag: optional), or not found. #>
function Select-StandInPolicy([System.Management.Automation.PSCmdlet]$Cmdlet, [object[]]$Rows, [string]$Identity) {
    if ($Identity -eq '') { return $Rows }
    $name = if ($Identity -eq 'Global') { 'Global' } else { 'Tag:' + ($Identity -replace '^(?i)tag:', '') }
    $match = @($Rows | Where-Object { $_.Identity -eq $name })
    if ($match.Count -eq 0) { Write-StandInError $Cmdlet ((New-StandInError 404 'NotFound' "Management object not found for identity '$Identity'." $Identity)) }
    return $match
}

function Test-StandInFilter([string]$Filter, [string]$Identity) { $Filter -eq '' -or $Identity -like $Filter }

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Get-CsTeamsCallingPolicy.md
function Get-CsTeamsCallingPolicy {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param([Parameter(ParameterSetName = 'Identity', Position = 0)] [string]$Identity, [Parameter(ParameterSetName = 'Filter')] [string]$Filter)
    $failure = Enter-StandInCall 'Get-CsTeamsCallingPolicy' $PSBoundParameters $Identity
    if ($failure) { Write-StandInError $PSCmdlet ($failure); return }
    $policies = @(Get-StandInList (Get-StandInState).Snapshot 'callingPolicies')
    # A tenant always has a Global policy; the snapshot may leave it out (every Allow* true).
    if (-not ($policies | Where-Object { $_['Identity'] -eq 'Global' })) { $policies = @(@{ Identity = 'Global' }) + $policies }
    $rows = @(foreach ($policy in $policies) {
        $value = { param($name, $default) if ($null -ne $policy[$name]) { $policy[$name] } else { $default } }
        [pscustomobject][ordered]@{
            Identity = [string]$policy['Identity']; Description = $null
            AllowCallGroups = [bool](& $value 'AllowCallGroups' $true); AllowDelegation = [bool](& $value 'AllowDelegation' $true)
            AllowCallForwardingToUser = [bool](& $value 'AllowCallForwardingToUser' $true); AllowCallForwardingToPhone = [bool](& $value 'AllowCallForwardingToPhone' $true)
            AllowVoicemail = [string](& $value 'AllowVoicemail' 'UserOverride')
            BusyOnBusyEnabledType = [string](& $value 'BusyOnBusyEnabledType' 'Disabled')
            InboundPstnCallRoutingTreatment = [string](& $value 'InboundPstnCallRoutingTreatment' 'RegularIncoming')
            InboundFederatedCallRoutingTreatment = [string](& $value 'InboundFederatedCallRoutingTreatment' 'RegularIncoming')
        }
    })
    Select-StandInPolicy $PSCmdlet @($rows | Where-Object { Test-StandInFilter $Filter $_.Identity }) $Identity
}

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Get-CsOnlineVoiceRoutingPolicy.md
function Get-CsOnlineVoiceRoutingPolicy {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param([Parameter(ParameterSetName = 'Identity', Position = 0)] [string]$Identity, [Parameter(ParameterSetName = 'Filter')] [string]$Filter)
    $failure = Enter-StandInCall 'Get-CsOnlineVoiceRoutingPolicy' $PSBoundParameters $Identity
    if ($failure) { Write-StandInError $PSCmdlet ($failure); return }
    $rows = @(foreach ($policy in (Get-StandInList (Get-StandInState).Snapshot 'voiceRoutingPolicies')) {
        [pscustomobject][ordered]@{ Identity = [string]$policy['Identity']; OnlinePstnUsages = [string[]]@(Get-StandInList $policy 'OnlinePstnUsages'); Description = $null; RouteType = 'BYOT' }
    })
    Select-StandInPolicy $PSCmdlet @($rows | Where-Object { Test-StandInFilter $Filter $_.Identity }) $Identity
}

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Get-CsTeamsEmergencyCallRoutingPolicy.md: usages live on each emergency number (New-CsTeamsEmergencyNumber -OnlinePSTNUsage).
function Get-CsTeamsEmergencyCallRoutingPolicy {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param([Parameter(ParameterSetName = 'Identity', Position = 0)] [string]$Identity, [Parameter(ParameterSetName = 'Filter')] [string]$Filter)
    $failure = Enter-StandInCall 'Get-CsTeamsEmergencyCallRoutingPolicy' $PSBoundParameters $Identity
    if ($failure) { Write-StandInError $PSCmdlet ($failure); return }
    $rows = @(foreach ($policy in (Get-StandInList (Get-StandInState).Snapshot 'emergencyCallRoutingPolicies')) {
        $numbers = @(foreach ($usage in (Get-StandInList $policy 'OnlinePstnUsages')) { [pscustomobject][ordered]@{ EmergencyDialString = '911'; EmergencyDialMask = '933'; OnlinePSTNUsage = [string]$usage } })
        [pscustomobject][ordered]@{ Identity = [string]$policy['Identity']; EmergencyNumbers = $numbers; AllowEnhancedEmergencyServices = $false; Description = $null }
    })
    Select-StandInPolicy $PSCmdlet @($rows | Where-Object { Test-StandInFilter $Filter $_.Identity }) $Identity
}

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Get-CsTeamsSharedCallingRoutingPolicy.md: the Global instance exists without a resource account.
function Get-CsTeamsSharedCallingRoutingPolicy {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param([Parameter(ParameterSetName = 'Identity', Position = 0)] [string]$Identity, [Parameter(ParameterSetName = 'Filter')] [string]$Filter)
    $failure = Enter-StandInCall 'Get-CsTeamsSharedCallingRoutingPolicy' $PSBoundParameters $Identity
    if ($failure) { Write-StandInError $PSCmdlet ($failure); return }
    $rows = @([pscustomobject][ordered]@{ Identity = 'Global'; ResourceAccount = $null; EmergencyNumbers = [string[]]@(); Description = $null }) + @(
        foreach ($policy in (Get-StandInList (Get-StandInState).Snapshot 'sharedCallingPolicies')) {
            [pscustomobject][ordered]@{ Identity = [string]$policy['Identity']; ResourceAccount = [string]$policy['ResourceAccount']; EmergencyNumbers = [string[]]@(Get-StandInList $policy 'EmergencyNumbers'); Description = $policy['Description'] }
        })
    Select-StandInPolicy $PSCmdlet @($rows | Where-Object { Test-StandInFilter $Filter $_.Identity }) $Identity
}

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Get-CsOnlineApplicationInstance.md
function Get-CsOnlineApplicationInstance {
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Position = 0)] [string]$Identity, [Parameter(Position = 1)] [string]$Identities, [Parameter(Position = 2)] [int]$ResultSize, [Parameter(Position = 3)] [int]$Skip, [switch]$Force)
    $failure = Enter-StandInCall 'Get-CsOnlineApplicationInstance' $PSBoundParameters $Identity
    if ($failure) { Write-StandInError $PSCmdlet ($failure); return }
    $state = Get-StandInState
    foreach ($account in (Get-StandInList $state.Snapshot 'resourceAccounts')) {
        if ($Identity -ne '' -and $Identity -notin @($account['ObjectId'], $account['UserPrincipalName'])) { continue }
        [pscustomobject][ordered]@{
            ObjectId = [string]$account['ObjectId']; TenantId = [string]$state.Snapshot['tenantId']; UserPrincipalName = [string]$account['UserPrincipalName']
            ApplicationId = [string]$(if ($account['ApplicationId']) { $account['ApplicationId'] } else { 'ce933385-9390-45d1-9512-c8d228074e07' })
            DisplayName = [string]$(if ($account['DisplayName']) { $account['DisplayName'] } else { $account['UserPrincipalName'] }); PhoneNumber = $account['PhoneNumber']
        }
    }
}

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Get-CsAutoAttendant.md: -First at most 100 (more fails), 100 by default; paged with -Skip.
function Get-CsAutoAttendant {
    [CmdletBinding()]
    param([string]$Identity, [uint32]$First, [uint32]$Skip, [string]$NameFilter, [string]$SortBy, [switch]$Descending, [switch]$IncludeStatus, [switch]$ExcludeContent, [guid]$Tenant)
    $failure = Enter-StandInCall 'Get-CsAutoAttendant' $PSBoundParameters $Identity
    if ($failure) { Write-StandInError $PSCmdlet ($failure); return }
    if ($PSBoundParameters.ContainsKey('First') -and $First -gt 100) { Write-StandInError $PSCmdlet ((New-StandInError 400 'BadRequest' 'First must be at most 100.' $First)); return }
    $take = if ($PSBoundParameters.ContainsKey('First')) { [int]$First } else { 100 }
    $byName = [ordered]@{}
    foreach ($account in (Get-StandInList (Get-StandInState).Snapshot 'resourceAccounts')) {
        foreach ($name in (Get-StandInList $account 'AssociatedAutoAttendants')) {
            if (-not $byName.Contains($name)) { $byName[$name] = [System.Collections.Generic.List[string]]::new() }
            $byName[$name].Add([string]$account['ObjectId'])
        }
    }
    $all = @(foreach ($name in $byName.Keys) {
        $id = [guid]::new([System.Security.Cryptography.MD5]::HashData([System.Text.Encoding]::UTF8.GetBytes($name))).ToString()
        [pscustomobject][ordered]@{ Identity = $id; Name = [string]$name; LanguageId = 'en-US'; TimeZoneId = 'UTC'; ApplicationInstances = [string[]]$byName[$name].ToArray() }
    })
    $all | Select-Object -Skip ([int]$Skip) -First $take
}
