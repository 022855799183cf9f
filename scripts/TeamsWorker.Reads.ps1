#Requires -Version 7.2
<#
.SYNOPSIS
    The worker's reads: one user's calling settings, and the tenant directory in the
    shape of core's Tenant without callingSettings (docs/tenant-snapshot.md), with the
    property names the cmdlets print. Dot-sourced by TeamsWorker.Dispatch.ps1.

.DESCRIPTION
    A property the cmdlet leaves empty is left out, so the snapshot's documented default
    applies. Enum values are written as their names and TimeSpans as hh:mm:ss, because
    ConvertTo-Json would print numbers and objects for them. Every list is built as an
    array so that ConvertTo-Json never turns a one-item list into a single value.
#>

Set-StrictMode -Version 3.0

function ConvertTo-NullableText($Value) {
    if ($null -eq $Value) { return $null }
    $text = [string]$Value
    if ([string]::IsNullOrWhiteSpace($text)) { return $null }
    return $text
}

# [bool]'False' is $true in PowerShell, so strings are parsed, not cast.
function ConvertTo-NullableBool($Value) {
    if ($null -eq $Value) { return $null }
    if ($Value -is [bool]) { return $Value }
    $text = [string]$Value
    if ($text -eq '') { return $null }
    return [bool]::Parse($text)
}

function ConvertTo-TextList($Values) {
    $list = [System.Collections.Generic.List[string]]::new()
    foreach ($value in @($Values)) {
        $text = ConvertTo-NullableText $value
        if ($null -ne $text) { $list.Add($text) }
    }
    return , $list.ToArray()
}

function Set-IfPresent([System.Collections.IDictionary]$Table, [string]$Name, $Value) {
    if ($null -ne $Value) { $Table[$Name] = $Value }
}

<# Copy the named properties of a cmdlet's object: booleans as booleans, everything else as text. #>
function Copy-Properties($Source, [System.Collections.IDictionary]$Target, [string[]]$Texts = @(), [string[]]$Flags = @()) {
    foreach ($name in $Texts) { Set-IfPresent $Target $name (ConvertTo-NullableText (Get-OptionalProperty $Source $name)) }
    foreach ($name in $Flags) { Set-IfPresent $Target $name (ConvertTo-NullableBool (Get-OptionalProperty $Source $name)) }
}

<# Get-CsUserCallingSettings for one user (Get-CsUserCallingSettings.md). #>
function Read-TeamsCallingSettings([string]$Identity) {
    $rows = Invoke-TeamsCmdlet 'Get-CsUserCallingSettings' @{ Identity = $Identity }
    if ($rows.Count -eq 0) { throw "Management object not found for identity '$Identity'." }
    $source = $rows[0]
    $settings = [ordered]@{}
    Copy-Properties $source $settings -Texts @('SipUri', 'ForwardingType', 'ForwardingTargetType', 'ForwardingTarget', 'UnansweredTargetType', 'UnansweredTarget', 'CallGroupOrder', 'GroupNotificationOverride') -Flags @('IsForwardingEnabled', 'IsUnansweredEnabled')
    $delay = Get-OptionalProperty $source 'UnansweredDelay'
    if ($delay -is [TimeSpan]) { $settings['UnansweredDelay'] = $delay.ToString('hh\:mm\:ss') } else { Set-IfPresent $settings 'UnansweredDelay' (ConvertTo-NullableText $delay) }
    $settings['CallGroupTargets'] = ConvertTo-TextList (Get-OptionalProperty $source 'CallGroupTargets')
    # @(foreach ...) rather than @($variable): a loop with no output assigned to a variable is $null, and @($null) is one item.
    $settings['GroupMembershipDetails'] = @(foreach ($detail in @(Get-OptionalProperty $source 'GroupMembershipDetails')) {
        if ($null -eq $detail) { continue }
        $entry = [ordered]@{}
        Copy-Properties $detail $entry -Texts @('CallGroupOwnerId', 'NotificationSetting')
        $entry
    })
    $settings['Delegates'] = @(foreach ($delegate in @(Get-OptionalProperty $source 'Delegates')) {
        if ($null -eq $delegate) { continue }
        $entry = [ordered]@{}
        Copy-Properties $delegate $entry -Texts @('Id') -Flags @('MakeCalls', 'ManageSettings', 'ReceiveCalls', 'PickUpHeldCalls', 'JoinActiveCalls')
        $entry
    })
    return $settings
}

<# A user's effective policy: EffectivePolicyAssignments (module 7.1.1+) covers group assignments; else the direct one. #>
function Get-EffectivePolicyName($User, [string]$PolicyType) {
    foreach ($assignment in @(Get-OptionalProperty $User 'EffectivePolicyAssignments')) {
        if ([string](Get-OptionalProperty $assignment 'PolicyType') -eq $PolicyType) {
            return ConvertTo-NullableText (Get-OptionalProperty (Get-OptionalProperty $assignment 'PolicyAssignment') 'displayName')
        }
    }
    return ConvertTo-NullableText (Get-OptionalProperty $User $PolicyType)
}

function Read-TeamsUsers {
    $rows = Invoke-TeamsCmdlet 'Get-CsOnlineUser' @{ AccountType = 'User' }
    $skipped = 0
    $users = @(foreach ($row in $rows) {
        $entry = [ordered]@{}
        Copy-Properties $row $entry -Texts @('Identity', 'UserPrincipalName', 'SipAddress', 'DisplayName', 'Department', 'TeamsUpgradeEffectiveMode', 'LineUri') -Flags @('AccountEnabled', 'EnterpriseVoiceEnabled')
        # A user without a SIP address is not enabled for Teams calling and can be in no call group.
        if (-not ($entry.Contains('Identity') -and $entry.Contains('UserPrincipalName') -and $entry.Contains('SipAddress'))) { $skipped++; continue }
        $entry['HasTeamsPhoneLicense'] = @(Get-OptionalProperty $row 'FeatureTypes') -contains 'PhoneSystem'
        foreach ($policy in @('TeamsCallingPolicy', 'OnlineVoiceRoutingPolicy', 'TeamsEmergencyCallRoutingPolicy', 'TeamsSharedCallingRoutingPolicy')) {
            Set-IfPresent $entry $policy (Get-EffectivePolicyName $row $policy)
        }
        $entry
    })
    if ($skipped -gt 0) { Write-TeamsWorkerLog "readDirectory: left out $skipped user(s) without a SIP address." }
    return , $users
}

function Read-TeamsPolicies {
    $calling = @(foreach ($row in (Invoke-TeamsCmdlet 'Get-CsTeamsCallingPolicy')) {
        $entry = [ordered]@{}
        Copy-Properties $row $entry -Texts @('Identity', 'AllowVoicemail', 'InboundPstnCallRoutingTreatment', 'InboundFederatedCallRoutingTreatment', 'BusyOnBusyEnabledType') -Flags @('AllowCallGroups', 'AllowDelegation', 'AllowCallForwardingToUser', 'AllowCallForwardingToPhone')
        $entry
    })
    $voice = @(foreach ($row in (Invoke-TeamsCmdlet 'Get-CsOnlineVoiceRoutingPolicy')) {
        [ordered]@{ Identity = [string](Get-OptionalProperty $row 'Identity'); OnlinePstnUsages = ConvertTo-TextList (Get-OptionalProperty $row 'OnlinePstnUsages') }
    })
    # Emergency call routing policies keep their usages per emergency number (New-CsTeamsEmergencyNumber -OnlinePSTNUsage).
    $emergency = @(foreach ($row in (Invoke-TeamsCmdlet 'Get-CsTeamsEmergencyCallRoutingPolicy')) {
        $usages = foreach ($number in @(Get-OptionalProperty $row 'EmergencyNumbers')) { Get-OptionalProperty $number 'OnlinePSTNUsage' }
        [ordered]@{ Identity = [string](Get-OptionalProperty $row 'Identity'); OnlinePstnUsages = ConvertTo-TextList @($usages | Select-Object -Unique) }
    })
    $shared = @(foreach ($row in (Invoke-TeamsCmdlet 'Get-CsTeamsSharedCallingRoutingPolicy')) {
        $entry = [ordered]@{}
        Copy-Properties $row $entry -Texts @('Identity', 'ResourceAccount', 'Description')
        # The Global instance exists without a resource account; it is not a Shared Calling policy.
        if (-not $entry.Contains('ResourceAccount')) { continue }
        $entry['EmergencyNumbers'] = ConvertTo-TextList (Get-OptionalProperty $row 'EmergencyNumbers')
        $entry
    })
    [pscustomobject]@{ Calling = $calling; Voice = $voice; Emergency = $emergency; Shared = $shared }
}

function Read-TeamsResourceAccounts {
    # Auto attendant names by the object id of each resource account they use (Get-CsAutoAttendant: at most 100 a page).
    $attendants = @{}
    for ($skip = 0; ; $skip += 100) {
        $page = Invoke-TeamsCmdlet 'Get-CsAutoAttendant' @{ First = [uint32]100; Skip = [uint32]$skip; ExcludeContent = $true }
        foreach ($attendant in $page) {
            foreach ($instance in @(Get-OptionalProperty $attendant 'ApplicationInstances')) {
                if ($null -eq $instance) { continue }
                $key = [string]$instance
                if (-not $attendants.ContainsKey($key)) { $attendants[$key] = [System.Collections.Generic.List[string]]::new() }
                $attendants[$key].Add([string](Get-OptionalProperty $attendant 'Name'))
            }
        }
        if ($page.Count -lt 100) { break }
    }
    $features = @{}
    foreach ($row in (Invoke-TeamsCmdlet 'Get-CsOnlineUser' @{ AccountType = 'ResourceAccount' })) {
        $features[[string](Get-OptionalProperty $row 'Identity')] = @(Get-OptionalProperty $row 'FeatureTypes')
    }
    $accounts = @(foreach ($row in (Invoke-TeamsCmdlet 'Get-CsOnlineApplicationInstance')) {
        $entry = [ordered]@{}
        Copy-Properties $row $entry -Texts @('ObjectId', 'UserPrincipalName', 'DisplayName', 'PhoneNumber', 'ApplicationId')
        $id = [string](Get-OptionalProperty $row 'ObjectId')
        # @(...) because an `if` used as a value unrolls its array: one name would become a string, none $null.
        $entry['AssociatedAutoAttendants'] = @(if ($attendants.ContainsKey($id)) { $attendants[$id].ToArray() })
        $licensed = if ($features.ContainsKey($id)) { $features[$id] } else { @() }
        # Licences are visible, funding is not: CommunicationCreditsFunded means the credits licence is assigned.
        $entry['HasPayAsYouGoCallingPlan'] = $licensed -contains 'CallingPlan'
        $entry['CommunicationCreditsFunded'] = $licensed -contains 'CommunicationCredits'
        $entry
    })
    return , $accounts
}

$script:DefaultNumberCountry = [string]$env:TEAMS_DEFAULT_COUNTRY

# E.164 country calling codes that belong to exactly one country (ITU-T E.164 list), for
# Direct Routing numbers. Longest prefix wins. +1 and +7 are shared and take $script:DefaultNumberCountry
# (TEAMS_DEFAULT_COUNTRY for the worker, -DefaultCountry for Export-TenantSnapshot.ps1).
$script:CallingCodes = @{
    '20' = 'EG'; '27' = 'ZA'; '30' = 'GR'; '31' = 'NL'; '32' = 'BE'; '33' = 'FR'; '34' = 'ES'; '36' = 'HU'
    '39' = 'IT'; '40' = 'RO'; '41' = 'CH'; '43' = 'AT'; '44' = 'GB'; '45' = 'DK'; '46' = 'SE'; '47' = 'NO'
    '48' = 'PL'; '49' = 'DE'; '51' = 'PE'; '52' = 'MX'; '53' = 'CU'; '54' = 'AR'; '55' = 'BR'; '56' = 'CL'
    '57' = 'CO'; '58' = 'VE'; '60' = 'MY'; '61' = 'AU'; '62' = 'ID'; '63' = 'PH'; '64' = 'NZ'; '65' = 'SG'
    '66' = 'TH'; '81' = 'JP'; '82' = 'KR'; '84' = 'VN'; '86' = 'CN'; '90' = 'TR'; '91' = 'IN'; '92' = 'PK'
    '94' = 'LK'; '98' = 'IR'; '212' = 'MA'; '213' = 'DZ'; '216' = 'TN'; '234' = 'NG'; '254' = 'KE'
    '351' = 'PT'; '352' = 'LU'; '353' = 'IE'; '354' = 'IS'; '356' = 'MT'; '357' = 'CY'; '358' = 'FI'
    '359' = 'BG'; '370' = 'LT'; '371' = 'LV'; '372' = 'EE'; '380' = 'UA'; '381' = 'RS'; '385' = 'HR'
    '386' = 'SI'; '420' = 'CZ'; '421' = 'SK'; '852' = 'HK'; '886' = 'TW'; '966' = 'SA'; '971' = 'AE'
    '972' = 'IL'; '974' = 'QA'
}

<# The ISO country of an E.164 number from its calling code, or $script:DefaultNumberCountry, or $null. #>
function Get-CountryFromNumber([string]$Number) {
    $digits = ($Number -replace '^tel:', '' -replace ';.*$', '').TrimStart('+')
    foreach ($length in 3, 2) {
        if ($digits.Length -gt $length -and $script:CallingCodes.ContainsKey($digits.Substring(0, $length))) {
            return $script:CallingCodes[$digits.Substring(0, $length)]
        }
    }
    if ($script:DefaultNumberCountry -ne '') { return $script:DefaultNumberCountry }
    return $null
}

$script:EmptyLocationId = '00000000-0000-0000-0000-000000000000'

function Read-TeamsPhoneNumbers {
    $skippedTypes = 0
    $noCountry = 0
    $numbers = [System.Collections.Generic.List[object]]::new()
    # Get-CsPhoneNumberAssignment returns at most 1000 a call; page with -Skip and -Top.
    for ($skip = 0; ; $skip += 1000) {
        $page = Invoke-TeamsCmdlet 'Get-CsPhoneNumberAssignment' @{ Top = 1000; Skip = $skip }
        foreach ($row in $page) {
            $type = [string](Get-OptionalProperty $row 'NumberType')
            if (@('CallingPlan', 'OperatorConnect', 'DirectRouting') -notcontains $type) { $skippedTypes++; continue }
            $entry = [ordered]@{ TelephoneNumber = [string](Get-OptionalProperty $row 'TelephoneNumber'); NumberType = $type; IsoCountryCode = [string](Get-OptionalProperty $row 'IsoCountryCode') }
            # Get-CsPhoneNumberAssignment prints no IsoCountryCode for Direct Routing numbers; the snapshot requires one.
            if ($entry['IsoCountryCode'] -eq '') {
                $country = Get-CountryFromNumber $entry['TelephoneNumber']
                if ($null -eq $country) { $noCountry++; continue }
                $entry['IsoCountryCode'] = $country
            }
            $capabilities = @(Get-OptionalProperty $row 'Capability')
            $entry['Usage'] = if ($capabilities -contains 'UserAssignment') { 'Subscriber' } else { 'Service' }
            Set-IfPresent $entry 'AssignedPstnTargetId' (ConvertTo-NullableText (Get-OptionalProperty $row 'AssignedPstnTargetId'))
            $location = ConvertTo-NullableText (Get-OptionalProperty $row 'LocationId')
            if ($location -ne $script:EmptyLocationId) { Set-IfPresent $entry 'LocationId' $location }
            $numbers.Add($entry)
        }
        if ($page.Count -lt 1000) { break }
    }
    if ($skippedTypes -gt 0) { Write-TeamsWorkerLog "readDirectory: left out $skippedTypes number(s) of a type the tenant model does not know." }
    if ($noCountry -gt 0) { Write-TeamsWorkerLog "readDirectory: left out $noCountry Direct Routing number(s) with no country: set TEAMS_DEFAULT_COUNTRY (or -DefaultCountry) for +1 and +7 numbers and calling codes not in the table." }
    return , $numbers.ToArray()
}

<# The whole directory: users, policies, resource accounts and numbers. #>
function Read-TeamsDirectory {
    $policies = Read-TeamsPolicies
    [ordered]@{
        tenantId                     = [string]$env:TEAMS_TENANT_ID
        capturedAt                   = [DateTime]::UtcNow.ToString('o')
        users                        = Read-TeamsUsers
        callingPolicies              = $policies.Calling
        voiceRoutingPolicies         = $policies.Voice
        emergencyCallRoutingPolicies = $policies.Emergency
        sharedCallingPolicies        = $policies.Shared
        resourceAccounts             = Read-TeamsResourceAccounts
        phoneNumbers                 = Read-TeamsPhoneNumbers
    }
}
