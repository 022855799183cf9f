<#
    STAND-IN MicrosoftTeams module, for tests only: a user's calling settings and the rules Teams
    checks when they are written. The rules are those of the server's `local` gateway
    (bot/src/gateway/local/localCallingGateway.ts, core's settingsWriteCheck.ts): every write is
    checked against the whole settings and refused when it adds a problem. Dot-sourced by
    MicrosoftTeams.psm1.
#>

$script:TargetTypes = @('Voicemail', 'SingleTarget', 'MyDelegates', 'Group')
$script:Notifications = @('Ring', 'Banner', 'Mute')
# Set-CsUserCallingSettings.md, -UnansweredDelay: the supported delays.
$script:Delays = @('00:00:05', '00:00:10', '00:00:15', '00:00:20', '00:00:30', '00:00:40', '00:00:50', '00:01:00')

<# The stored settings of a user, or those of a user who never changed them (Get-CsUserCallingSettings.md, Example 6). #>
function Get-StandInSettings([string]$Sip) {
    $state = Get-StandInState
    $key = Get-StandInSipKey $Sip
    if ($state.Settings.ContainsKey($key)) { return $state.Settings[$key] }
    return [ordered]@{
        SipUri = $Sip; IsForwardingEnabled = $null; ForwardingType = $null; ForwardingTargetType = $null; ForwardingTarget = $null
        IsUnansweredEnabled = $null; UnansweredTargetType = $null; UnansweredTarget = $null; UnansweredDelay = '00:00:20'
        CallGroupOrder = 'Simultaneous'; CallGroupTargets = @(); GroupMembershipDetails = @(); GroupNotificationOverride = $null; Delegates = @()
    }
}

function Copy-StandInSettings($Settings) {
    $copy = [ordered]@{}
    foreach ($key in $Settings.Keys) { $copy[$key] = $Settings[$key] }
    return $copy
}

function Set-StandInSettings([string]$Sip, $Settings) {
    $Settings['SipUri'] = $Sip
    (Get-StandInState).Settings[(Get-StandInSipKey $Sip)] = $Settings
}

<# Port of core's settingsWriteCheck: the problems Teams refuses in whole settings. #>
function Get-StandInSettingsProblems($Settings) {
    $problems = [System.Collections.Generic.List[string]]::new()
    $rules = @(
        @{ Label = 'Forwarding'; Enabled = $Settings['IsForwardingEnabled'] -eq $true; Type = $Settings['ForwardingTargetType']; Target = $Settings['ForwardingTarget'] }
        @{ Label = 'Unanswered forwarding'; Enabled = $Settings['IsUnansweredEnabled'] -eq $true; Type = $Settings['UnansweredTargetType']; Target = $Settings['UnansweredTarget'] }
    )
    foreach ($rule in $rules) {
        if (-not $rule.Enabled) { continue }
        switch ([string]$rule.Type) {
            '' { $problems.Add("$($rule.Label) is enabled without a target type.") }
            'Group' { if (@(Get-StandInList $Settings 'CallGroupTargets').Count -eq 0) { $problems.Add("$($rule.Label) targets the call group, which has no members.") } }
            'MyDelegates' { if (-not (@(Get-StandInList $Settings 'Delegates') | Where-Object { $_['ReceiveCalls'] -eq $true })) { $problems.Add("$($rule.Label) targets delegates, but no delegate may receive calls.") } }
            'SingleTarget' { if ([string]::IsNullOrWhiteSpace([string]$rule.Target)) { $problems.Add("$($rule.Label) targets a single target but names none.") } }
        }
    }
    $forwarding = $Settings['IsForwardingEnabled'] -eq $true
    if ($forwarding -and $null -eq $Settings['ForwardingType']) { $problems.Add('Forwarding is enabled without a forwarding type (Immediate or Simultaneous).') }
    if ($forwarding -and $Settings['ForwardingTargetType'] -eq 'Voicemail' -and $Settings['ForwardingType'] -eq 'Simultaneous') {
        $problems.Add('Forwarding to voicemail is valid for Immediate forwarding only, not Simultaneous.')
    }
    if ($forwarding -and $Settings['ForwardingType'] -eq 'Immediate' -and $Settings['IsUnansweredEnabled'] -eq $true -and $Settings['UnansweredTargetType'] -eq 'Voicemail') {
        $problems.Add('Immediate forwarding is not saved while unanswered calls go to voicemail.')
    }
    $problems.ToArray()
}

<# Port of core's introducedProblems and the local gateway's parameterLimits: what this write would add. #>
function Get-StandInRefusal($Before, $After, [string]$ParameterSet) {
    $existing = @(Get-StandInSettingsProblems $Before)
    $added = [System.Collections.Generic.List[string]]::new()
    foreach ($problem in (Get-StandInSettingsProblems $After)) { if ($existing -notcontains $problem) { $added.Add($problem) } }
    $delegates = @(Get-StandInList $After 'Delegates').Count
    if ($delegates -gt 25 -and $delegates -gt @(Get-StandInList $Before 'Delegates').Count) { $added.Add('A manager can have at most 25 delegates.') }
    if ($ParameterSet -eq 'CallGroup') {
        $members = @(Get-StandInList $After 'CallGroupTargets').Count
        if ($members -gt 25) { $added.Add('A call group can have at most 25 members.') }
        if ($After['CallGroupOrder'] -eq 'InOrder' -and $members -gt 5) { $added.Add('InOrder ringing is supported for at most 5 call group members.') }
    }
    $added.ToArray()
}

<# A member added to an owner's group gets a membership entry with Ring; a member removed loses it (as the local gateway does). #>
function Update-StandInMemberships([string]$OwnerSip, [object[]]$Before, [object[]]$After) {
    $was = @($Before | ForEach-Object { Get-StandInSipKey $_ })
    $now = @($After | ForEach-Object { Get-StandInSipKey $_ })
    $owner = Get-StandInSipKey $OwnerSip
    foreach ($member in @(@($was) + @($now) | Sort-Object -Unique)) {
        if (($was -contains $member) -eq ($now -contains $member)) { continue }
        $user = Find-StandInUser $member
        $sip = if ($null -ne $user) { [string]$user['SipAddress'] } else { "sip:$member" }
        $settings = Copy-StandInSettings (Get-StandInSettings $sip)
        $others = @(Get-StandInList $settings 'GroupMembershipDetails' | Where-Object { (Get-StandInSipKey $_['CallGroupOwnerId']) -ne $owner })
        $settings['GroupMembershipDetails'] = @(if ($now -contains $member) { @($others) + @([ordered]@{ CallGroupOwnerId = "sip:$owner"; NotificationSetting = 'Ring' }) } else { $others })
        Set-StandInSettings $sip $settings
    }
}

<# A call group target as Get-CsUserCallingSettings prints it: "sip:" added when missing ("You can specify a SIP URI without 'sip:'"). #>
function ConvertTo-StandInTarget([string]$Target) {
    $user = Find-StandInUser $Target
    if ($null -ne $user) { return [string]$user['SipAddress'] }
    if ($Target -notmatch '^(?i)sip:' -and $Target -match '@') { return "sip:$Target" }
    return $Target
}

<# The value of a string parameter checked against its list, as the service checks it: a 400 otherwise. #>
function Test-StandInValue([string]$Name, $Value, [string[]]$Allowed) {
    if ($null -eq $Value -or $Allowed -ccontains [string]$Value) { return $null }
    return "Invalid value '$Value' for $Name. Supported values are $($Allowed -join ', ')."
}
