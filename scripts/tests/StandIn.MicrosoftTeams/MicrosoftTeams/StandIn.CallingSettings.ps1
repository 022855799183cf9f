<#
    STAND-IN MicrosoftTeams module, for tests only: Get-/Set-CsUserCallingSettings and the three
    delegate cmdlets, with the parameter sets and types of their reference pages. There is no
    Get-CsUserCallingDelegate in the reference: delegates are read with Get-CsUserCallingSettings.
    Dot-sourced by MicrosoftTeams.psm1.
#>

function ConvertTo-StandInDelegate($Delegate) {
    [pscustomobject][ordered]@{
        Id = [string]$Delegate['Id']; MakeCalls = [bool]$Delegate['MakeCalls']; ManageSettings = [bool]$Delegate['ManageSettings']
        ReceiveCalls = [bool]$Delegate['ReceiveCalls']; PickUpHeldCalls = [bool]$Delegate['PickUpHeldCalls']; JoinActiveCalls = [bool]$Delegate['JoinActiveCalls']
    }
}

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Get-CsUserCallingSettings.md
function Get-CsUserCallingSettings {
    [CmdletBinding(DefaultParameterSetName = 'Get')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'Get')] [string]$Identity,
        [Parameter(Mandatory, ParameterSetName = 'GetViaIdentity', ValueFromPipeline)] [object]$InputObject,
        [switch]$Break,
        [Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Runtime.SendAsyncStep[]]$HttpPipelineAppend, [Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Runtime.SendAsyncStep[]]$HttpPipelinePrepend,
        [uri]$Proxy, [pscredential]$ProxyCredential, [switch]$ProxyUseDefaultCredentials
    )
    if ($PSCmdlet.ParameterSetName -eq 'GetViaIdentity') { $Identity = [string]$InputObject.Identity }
    $failure = Enter-StandInCall 'Get-CsUserCallingSettings' $PSBoundParameters $Identity
    if ($failure) { Write-StandInError $PSCmdlet ($failure); return }
    $user = Find-StandInUser $Identity
    if ($null -eq $user) { Write-StandInError $PSCmdlet ((New-StandInError 404 'NotFound' "Management object not found for identity '$Identity'." $Identity)); return }
    $sip = [string]$user['SipAddress']
    $settings = Get-StandInSettings $sip
    $state = Get-StandInState
    $delegators = @(foreach ($owner in $state.Settings.Values) {
        foreach ($delegate in (Get-StandInList $owner 'Delegates')) {
            $delegateUser = Find-StandInUser ([string]$delegate['Id'])
            if ($null -eq $delegateUser -or $delegateUser['SipAddress'] -ne $sip) { continue }
            $delegator = ConvertTo-StandInDelegate $delegate
            $delegator.Id = [string]$owner['SipUri']
            $delegator
        }
    })
    $details = @(foreach ($detail in (Get-StandInList $settings 'GroupMembershipDetails')) {
        [Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Models.CallGroupMembershipDetails]@{ CallGroupOwnerId = [string]$detail['CallGroupOwnerId']; NotificationSetting = [string]$detail['NotificationSetting'] }
    })
    [pscustomobject][ordered]@{
        SipUri = $sip
        IsForwardingEnabled = [Nullable[bool]]$settings['IsForwardingEnabled']; ForwardingType = $settings['ForwardingType']
        ForwardingTarget = $settings['ForwardingTarget']; ForwardingTargetType = $settings['ForwardingTargetType']
        IsUnansweredEnabled = [Nullable[bool]]$settings['IsUnansweredEnabled']; UnansweredTarget = $settings['UnansweredTarget']
        UnansweredTargetType = $settings['UnansweredTargetType']; UnansweredDelay = [string]$(if ($settings['UnansweredDelay']) { $settings['UnansweredDelay'] } else { '00:00:20' })
        Delegates = @(Get-StandInList $settings 'Delegates' | ForEach-Object { ConvertTo-StandInDelegate $_ }); Delegators = $delegators
        CallGroupOrder = [string]$(if ($settings['CallGroupOrder']) { $settings['CallGroupOrder'] } else { 'Simultaneous' })
        CallGroupTargets = [string[]]@(Get-StandInList $settings 'CallGroupTargets'); GroupMembershipDetails = $details
        GroupNotificationOverride = $settings['GroupNotificationOverride']; BusyOnBusyOption = $(if ($settings.Contains('BusyOnBusyOption')) { $settings['BusyOnBusyOption'] } else { $null })
    }
}

<# The end of every write: refuse what Teams refuses, else store it (and save the tenant), then afterWrite faults. #>
function Complete-StandInWrite([System.Management.Automation.PSCmdlet]$Cmdlet, [string]$Name, [string]$Identity, $User, $Before, $After, [string]$ParameterSet, [string[]]$Invalid) {
    $refusal = @($Invalid | Where-Object { $_ }) + @(Get-StandInRefusal $Before $After $ParameterSet)
    if ($refusal.Count -gt 0) { Write-StandInError $Cmdlet ((New-StandInError 400 'BadRequest' "${Name}: $($refusal -join ' ')" $Identity)); return }
    $sip = [string]$User['SipAddress']
    Set-StandInSettings $sip $After
    if ($ParameterSet -eq 'CallGroup') { Update-StandInMemberships $sip @(Get-StandInList $Before 'CallGroupTargets') @(Get-StandInList $After 'CallGroupTargets') }
    Save-StandInState
    $failure = Exit-StandInWrite $Name $Identity
    if ($failure) { Write-StandInError $Cmdlet ($failure) }
}

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Set-CsUserCallingSettings.md: nine parameter sets that cannot be combined.
function Set-CsUserCallingSettings {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(Mandatory)] [string]$Identity,
        [Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Runtime.SendAsyncStep[]]$HttpPipelinePrepend,
        [Parameter(Mandatory, ParameterSetName = 'BusyOnBusy')] [string]$BusyOnBusyOption,
        [Parameter(Mandatory, ParameterSetName = 'CallGroupNotification')] [string]$GroupNotificationOverride,
        [Parameter(Mandatory, ParameterSetName = 'CallGroupMembership')] [AllowEmptyCollection()] [Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Models.ICallGroupMembershipDetails[]]$GroupMembershipDetails,
        [Parameter(Mandatory, ParameterSetName = 'CallGroup')] [string]$CallGroupOrder,
        [Parameter(Mandatory, ParameterSetName = 'CallGroup')] [AllowEmptyCollection()] [array]$CallGroupTargets,
        [Parameter(Mandatory, ParameterSetName = 'Unanswered')] [Parameter(Mandatory, ParameterSetName = 'UnansweredOnOff')] [bool]$IsUnansweredEnabled,
        [Parameter(Mandatory, ParameterSetName = 'Unanswered')] [string]$UnansweredDelay,
        [Parameter(ParameterSetName = 'Unanswered')] [string]$UnansweredTarget,
        [Parameter(ParameterSetName = 'Unanswered')] [string]$UnansweredTargetType,
        [Parameter(Mandatory, ParameterSetName = 'Forwarding')] [Parameter(Mandatory, ParameterSetName = 'ForwardingOnOff')] [bool]$IsForwardingEnabled,
        [Parameter(Mandatory, ParameterSetName = 'Forwarding')] [string]$ForwardingType,
        [Parameter(Mandatory, ParameterSetName = 'Forwarding')] [string]$ForwardingTargetType,
        [Parameter(ParameterSetName = 'Forwarding')] [string]$ForwardingTarget
    )
    $failure = Enter-StandInCall 'Set-CsUserCallingSettings' $PSBoundParameters $Identity
    if ($failure) { Write-StandInError $PSCmdlet ($failure); return }
    $user = Find-StandInUser $Identity
    if ($null -eq $user) { Write-StandInError $PSCmdlet ((New-StandInError 404 'NotFound' "Management object not found for identity '$Identity'." $Identity)); return }
    $set = $PSCmdlet.ParameterSetName
    $before = Get-StandInSettings ([string]$user['SipAddress'])
    $after = Copy-StandInSettings $before
    # An optional string parameter left out is written as empty: the group is always written whole.
    $bound = $PSBoundParameters
    $optional = { param([string]$Name) if ($bound.ContainsKey($Name) -and $bound[$Name] -ne '') { [string]$bound[$Name] } else { $null } }
    $invalid = @()
    switch ($set) {
        'ForwardingOnOff' { $after['IsForwardingEnabled'] = $IsForwardingEnabled }
        'Forwarding' {
            $after['IsForwardingEnabled'] = $IsForwardingEnabled; $after['ForwardingType'] = $ForwardingType; $after['ForwardingTargetType'] = $ForwardingTargetType; $after['ForwardingTarget'] = & $optional 'ForwardingTarget'
            $invalid = @((Test-StandInValue 'ForwardingType' $ForwardingType @('Immediate', 'Simultaneous')), (Test-StandInValue 'ForwardingTargetType' $ForwardingTargetType $script:TargetTypes))
        }
        'UnansweredOnOff' { $after['IsUnansweredEnabled'] = $IsUnansweredEnabled }
        'Unanswered' {
            $after['IsUnansweredEnabled'] = $IsUnansweredEnabled; $after['UnansweredTargetType'] = & $optional 'UnansweredTargetType'; $after['UnansweredTarget'] = & $optional 'UnansweredTarget'; $after['UnansweredDelay'] = $UnansweredDelay
            $invalid = @((Test-StandInValue 'UnansweredTargetType' $after['UnansweredTargetType'] $script:TargetTypes), (Test-StandInValue 'UnansweredDelay' $UnansweredDelay $script:Delays))
        }
        'CallGroup' {
            $after['CallGroupOrder'] = $CallGroupOrder; $after['CallGroupTargets'] = @($CallGroupTargets | ForEach-Object { ConvertTo-StandInTarget ([string]$_) })
            $invalid = @(Test-StandInValue 'CallGroupOrder' $CallGroupOrder @('Simultaneous', 'InOrder'))
        }
        'CallGroupMembership' {
            $after['GroupMembershipDetails'] = @($GroupMembershipDetails | ForEach-Object { [ordered]@{ CallGroupOwnerId = ConvertTo-StandInTarget $_.CallGroupOwnerId; NotificationSetting = $_.NotificationSetting } })
            $invalid = @($GroupMembershipDetails | ForEach-Object { Test-StandInValue 'NotificationSetting' $_.NotificationSetting $script:Notifications })
        }
        'CallGroupNotification' { $after['GroupNotificationOverride'] = $GroupNotificationOverride; $invalid = @(Test-StandInValue 'GroupNotificationOverride' $GroupNotificationOverride $script:Notifications) }
        'BusyOnBusy' { $after['BusyOnBusyOption'] = $BusyOnBusyOption; $invalid = @(Test-StandInValue 'BusyOnBusyOption' $BusyOnBusyOption @('PlayBusySignal', 'RedirectAsUnansweredCall', 'RingUser')) }
        default { return }
    }
    Complete-StandInWrite $PSCmdlet 'Set-CsUserCallingSettings' $Identity $user $before $after $set $invalid
}

<# The shared body of the three delegate cmdlets. #>
function Invoke-StandInDelegateWrite([System.Management.Automation.PSCmdlet]$Cmdlet, [string]$Name, [System.Collections.IDictionary]$Bound) {
    $identity = [string]$Bound['Identity']
    $failure = Enter-StandInCall $Name $Bound $identity
    if ($failure) { Write-StandInError $Cmdlet ($failure); return }
    $user = Find-StandInUser $identity
    $delegateUser = Find-StandInUser ([string]$Bound['Delegate'])
    $unknown = if ($null -eq $user) { $identity } elseif ($null -eq $delegateUser) { [string]$Bound['Delegate'] } else { $null }
    if ($null -ne $unknown) { Write-StandInError $Cmdlet ((New-StandInError 404 'NotFound' "Management object not found for identity '$unknown'." $unknown)); return }
    $delegateSip = [string]$delegateUser['SipAddress']
    $before = Get-StandInSettings ([string]$user['SipAddress'])
    $after = Copy-StandInSettings $before
    $current = @(Get-StandInList $before 'Delegates')
    $existing = $current | Where-Object { (Get-StandInSipKey $_['Id']) -eq (Get-StandInSipKey $delegateSip) } | Select-Object -First 1
    $others = @($current | Where-Object { (Get-StandInSipKey $_['Id']) -ne (Get-StandInSipKey $delegateSip) })
    $permissions = @('MakeCalls', 'ManageSettings', 'ReceiveCalls', 'PickUpHeldCalls', 'JoinActiveCalls')
    switch ($Name) {
        'Remove-CsUserCallingDelegate' { $after['Delegates'] = $others }
        'New-CsUserCallingDelegate' {
            $entry = [ordered]@{ Id = $delegateSip }
            foreach ($permission in $permissions) { $entry[$permission] = [bool]$Bound[$permission] }
            $after['Delegates'] = @($others) + @($entry)
        }
        default {
            $entry = [ordered]@{ Id = $delegateSip }
            foreach ($permission in $permissions) { $entry[$permission] = if ($Bound.Contains($permission)) { [bool]$Bound[$permission] } elseif ($null -ne $existing) { [bool]$existing[$permission] } else { $false } }
            # Set changes a delegate in place; a user who is not a delegate stays not one (as the local gateway does).
            $after['Delegates'] = @($current | ForEach-Object { if ((Get-StandInSipKey $_['Id']) -eq (Get-StandInSipKey $delegateSip)) { $entry } else { $_ } })
        }
    }
    Complete-StandInWrite $Cmdlet $Name $identity $user $before $after 'Delegate' @()
}

# office-docs-powershell teams/teams-ps/MicrosoftTeams/New-CsUserCallingDelegate.md: every permission is required.
function New-CsUserCallingDelegate {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string]$Identity, [Parameter(Mandatory)] [string]$Delegate,
        [Parameter(Mandatory)] [bool]$MakeCalls, [Parameter(Mandatory)] [bool]$ManageSettings, [Parameter(Mandatory)] [bool]$ReceiveCalls,
        [Parameter(Mandatory)] [bool]$PickUpHeldCalls, [Parameter(Mandatory)] [bool]$JoinActiveCalls
    )
    Invoke-StandInDelegateWrite $PSCmdlet 'New-CsUserCallingDelegate' $PSBoundParameters
}

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Set-CsUserCallingDelegate.md
function Set-CsUserCallingDelegate {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string]$Identity, [Parameter(Mandatory)] [string]$Delegate,
        [bool]$MakeCalls, [bool]$ManageSettings, [bool]$ReceiveCalls, [bool]$PickUpHeldCalls, [bool]$JoinActiveCalls
    )
    Invoke-StandInDelegateWrite $PSCmdlet 'Set-CsUserCallingDelegate' $PSBoundParameters
}

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Remove-CsUserCallingDelegate.md
function Remove-CsUserCallingDelegate {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string]$Identity, [Parameter(Mandatory)] [string]$Delegate, [Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Runtime.SendAsyncStep[]]$HttpPipelinePrepend)
    Invoke-StandInDelegateWrite $PSCmdlet 'Remove-CsUserCallingDelegate' $PSBoundParameters
}
