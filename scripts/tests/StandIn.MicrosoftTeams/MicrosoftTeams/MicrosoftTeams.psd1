# STAND-IN for Microsoft's MicrosoftTeams module, for tests only (see MicrosoftTeams.psm1).
# The version is one whose reference pages the stand-in follows (delegate permissions
# PickUpHeldCalls and JoinActiveCalls came in 7.5.0; EffectivePolicyAssignments in 7.1.1).
@{
    RootModule        = 'MicrosoftTeams.psm1'
    ModuleVersion     = '7.5.0'
    GUID              = '0b7a6a55-5d2c-4c1c-9b8e-5f3a2c1d0e99'
    Author            = 'Call Group Manager tests'
    Description       = 'STAND-IN for the MicrosoftTeams module: an in-memory tenant for tests. Never talks to Microsoft Teams.'
    PowerShellVersion = '7.2'
    FunctionsToExport = @(
        'Connect-MicrosoftTeams', 'Disconnect-MicrosoftTeams', 'Get-CsTenant', 'Get-CsOnlineUser', 'Get-CsUserCallingSettings', 'Set-CsUserCallingSettings',
        'New-CsUserCallingDelegate', 'Set-CsUserCallingDelegate', 'Remove-CsUserCallingDelegate', 'Get-CsPhoneNumberAssignment', 'Get-CsTeamsCallingPolicy',
        'Get-CsTeamsSharedCallingRoutingPolicy', 'Get-CsOnlineVoiceRoutingPolicy', 'Get-CsTeamsEmergencyCallRoutingPolicy', 'Get-CsOnlineApplicationInstance',
        'Get-CsOnlineLisLocation', 'Get-CsAutoAttendant',
        'Import-StandInTenant', 'Get-StandInTenant', 'Add-StandInFault', 'Clear-StandInFault', 'Get-StandInCallLog', 'Clear-StandInCallLog'
    )
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
    PrivateData       = @{ PSData = @{ Tags = @('StandIn', 'Tests') } }
}
