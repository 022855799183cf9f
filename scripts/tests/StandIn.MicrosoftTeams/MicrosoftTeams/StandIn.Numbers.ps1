<#
    STAND-IN MicrosoftTeams module, for tests only: phone numbers and emergency locations.
    Dot-sourced by MicrosoftTeams.psm1.
#>

$script:EmptyGuid = '00000000-0000-0000-0000-000000000000'

<# One number as Get-CsPhoneNumberAssignment prints it (its reference's Example 1 and 10). #>
function Get-StandInNumber($Number) {
    $type = [string]$Number['NumberType']
    $capability = switch ([string]$Number['Usage']) {
        'Service' { @('ConferenceAssignment', 'VoiceApplicationAssignment') }
        'TollFreeService' { @('VoiceApplicationAssignment') }
        default { @('UserAssignment') }
    }
    $location = if ([string]$Number['LocationId'] -ne '') { [string]$Number['LocationId'] } else { $script:EmptyGuid }
    $target = $Number['AssignedPstnTargetId']
    [pscustomobject][ordered]@{
        TelephoneNumber = [string]$Number['TelephoneNumber']; OperatorId = [guid]::NewGuid().ToString(); NumberType = $type; ActivationState = 'Activated'
        AssignedPstnTargetId = $target; AssignmentCategory = $(if ($null -ne $target) { 'Primary' } else { $null }); Capability = [string[]]$capability
        City = $null; CivicAddressId = $script:EmptyGuid
        # Direct Routing numbers carry no country in Teams: Get-CsPhoneNumberAssignment prints it empty.
        IsoCountryCode = $(if ($type -eq 'DirectRouting') { '' } else { [string]$Number['IsoCountryCode'] })
        IsoSubdivision = $null; LocationId = $location; LocationUpdateSupported = $true; NetworkSiteId = $null; PortInOrderStatus = $null
        PstnAssignmentStatus = $(if ($null -eq $target) { 'Unassigned' } elseif ([string]$target -like '*|*') { 'PolicyAssigned' } else { 'UserAssigned' })
        PstnPartnerId = $null; PstnPartnerName = $(if ($type -eq 'CallingPlan') { 'Microsoft' } else { $null }); NumberSource = 'Online'
    }
}

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Get-CsPhoneNumberAssignment.md: 500 by default, -Top at most 1000, paged with -Skip.
function Get-CsPhoneNumberAssignment {
    [CmdletBinding()]
    param(
        [string]$ActivationState, [string]$AssignedPstnTargetId, [string]$AssignmentCategory, [string]$CapabilitiesContain, [string]$CivicAddressId,
        [string]$Filter, [string]$IsoCountryCode, [string]$LocationId, [string]$NetworkSiteId, [string]$NumberType, [string]$PstnAssignmentStatus,
        [int]$Skip, [string]$TelephoneNumber, [string]$TelephoneNumberContain, [string]$TelephoneNumberGreaterThan, [string]$TelephoneNumberLessThan,
        [string]$TelephoneNumberStartsWith, [int]$Top, [switch]$Break,
        [Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Runtime.SendAsyncStep[]]$HttpPipelineAppend, [Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Runtime.SendAsyncStep[]]$HttpPipelinePrepend,
        [uri]$Proxy, [pscredential]$ProxyCredential, [switch]$ProxyUseDefaultCredentials
    )
    $failure = Enter-StandInCall 'Get-CsPhoneNumberAssignment' $PSBoundParameters $TelephoneNumber
    if ($failure) { Write-StandInError $PSCmdlet ($failure); return }
    if ($PSBoundParameters.ContainsKey('Filter')) { throw 'STAND-IN: Get-CsPhoneNumberAssignment -Filter is not modelled.' }
    if ($PSBoundParameters.ContainsKey('Top') -and ($Top -lt 1 -or $Top -gt 1000)) { Write-StandInError $PSCmdlet ((New-StandInError 400 'BadRequest' 'Top must be between 1 and 1000.' $Top)); return }
    $take = if ($PSBoundParameters.ContainsKey('Top')) { $Top } else { 500 }
    $rows = @(foreach ($number in (Get-StandInList (Get-StandInState).Snapshot 'phoneNumbers')) {
        $row = Get-StandInNumber $number
        if ($TelephoneNumber -ne '' -and $row.TelephoneNumber -ne $TelephoneNumber) { continue }
        if ($NumberType -ne '' -and $row.NumberType -ne $NumberType) { continue }
        if ($AssignedPstnTargetId -ne '' -and [string]$row.AssignedPstnTargetId -ne $AssignedPstnTargetId) { continue }
        if ($LocationId -ne '' -and $row.LocationId -ne $LocationId) { continue }
        if ($TelephoneNumberStartsWith -ne '' -and -not $row.TelephoneNumber.StartsWith($TelephoneNumberStartsWith)) { continue }
        $row
    })
    $rows | Select-Object -Skip $Skip -First $take
}

# office-docs-powershell teams/teams-ps/MicrosoftTeams/Get-CsOnlineLisLocation.md: the locations the numbers use.
function Get-CsOnlineLisLocation {
    [CmdletBinding(DefaultParameterSetName = 'GetByLocationID')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'UseCivicAddressId')] [guid]$CivicAddressId,
        [Parameter(Mandatory, ParameterSetName = 'UseLocation')] [string]$Location,
        [Parameter(ParameterSetName = 'UseLocationId')] [guid]$LocationId,
        [string]$AssignmentStatus, [string]$City, [string]$CountryOrRegion, [string]$Description, [switch]$Force,
        [int]$NumberOfResultsToSkip, [switch]$PopulateNumberOfTelephoneNumbers, [switch]$PopulateNumberOfVoiceUsers, [long]$ResultSize, [string]$ValidationStatus
    )
    $failure = Enter-StandInCall 'Get-CsOnlineLisLocation' $PSBoundParameters ([string]$LocationId)
    if ($failure) { Write-StandInError $PSCmdlet ($failure); return }
    $numbers = @(Get-StandInList (Get-StandInState).Snapshot 'phoneNumbers')
    $ids = @($numbers | ForEach-Object { [string]$_['LocationId'] } | Where-Object { $_ -ne '' -and $_ -ne $script:EmptyGuid } | Sort-Object -Unique)
    $rows = @(foreach ($id in $ids) {
        $country = $numbers | Where-Object { [string]$_['LocationId'] -eq $id } | ForEach-Object { [string]$_['IsoCountryCode'] } | Select-Object -First 1
        [pscustomobject][ordered]@{ LocationId = $id; CivicAddressId = $script:EmptyGuid; Description = "Location $id"; Location = $null; CountryOrRegion = $country; City = $null; ValidationStatus = 'Validated'; NumberOfTelephoneNumbers = -1; NumberOfVoiceUsers = -1 }
    })
    if ($PSBoundParameters.ContainsKey('LocationId')) { $rows = @($rows | Where-Object { $_.LocationId -eq [string]$LocationId }) }
    if ($CountryOrRegion -ne '') { $rows = @($rows | Where-Object { $_.CountryOrRegion -eq $CountryOrRegion }) }
    $take = if ($PSBoundParameters.ContainsKey('ResultSize')) { [int]$ResultSize } else { [int]::MaxValue }
    $rows | Select-Object -Skip $NumberOfResultsToSkip -First $take
}
