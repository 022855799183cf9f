<#
    The STAND-IN MicrosoftTeams module against Microsoft's reference: every cmdlet's parameter
    sets and parameter names as the SYNTAX sections of office-docs-powershell
    teams/teams-ps/MicrosoftTeams/<cmdlet>.md print them (copied below; `!` marks a mandatory
    parameter), the types the worker binds, the write rules, and errors in the module's shape.
#>
Describe 'the stand-in MicrosoftTeams module' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
        Initialize-StandInTeams
        # -WhatIf and -Confirm are left in: the reference lists them where a cmdlet has them.
        $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters
    }
    BeforeEach {
        Import-StandInTenant -Path (Get-DemoTenantPath)
        Connect-MicrosoftTeams | Out-Null
    }

    It '<Cmdlet> has the parameter sets and parameters of its reference page' -ForEach @(
        @{ Cmdlet = 'Connect-MicrosoftTeams'; Sets = @{
                UserCredential = 'TenantId,Credential,AccountId,LogLevel,LogFilePath,TeamsEnvironmentName,UseDeviceAuthentication,DisableWAM,WhatIf,Confirm'
                ServicePrincipalCertificate = 'TenantId!,Certificate!,ApplicationId!,LogLevel,LogFilePath,WhatIf,Confirm'
                ServicePrincipalCertificateThumbprint = 'TenantId!,CertificateThumbprint!,ApplicationId!,LogLevel,LogFilePath,WhatIf,Confirm'
                AccessTokens = 'TenantId,AccessTokens!,LogLevel,LogFilePath,WhatIf,Confirm'
            }
        }
        @{ Cmdlet = 'Disconnect-MicrosoftTeams'; Sets = @{ __AllParameterSets = 'WhatIf,Confirm' } }
        @{ Cmdlet = 'Get-CsUserCallingSettings'; Sets = @{
                Get = 'Identity!,Break,HttpPipelineAppend,HttpPipelinePrepend,Proxy,ProxyCredential,ProxyUseDefaultCredentials'
                GetViaIdentity = 'InputObject!,Break,HttpPipelineAppend,HttpPipelinePrepend,Proxy,ProxyCredential,ProxyUseDefaultCredentials'
            }
        }
        @{ Cmdlet = 'Set-CsUserCallingSettings'; Sets = @{
                Identity = 'Identity!,HttpPipelinePrepend'
                BusyOnBusy = 'Identity!,HttpPipelinePrepend,BusyOnBusyOption!'
                CallGroupNotification = 'Identity!,HttpPipelinePrepend,GroupNotificationOverride!'
                CallGroupMembership = 'Identity!,HttpPipelinePrepend,GroupMembershipDetails!'
                CallGroup = 'Identity!,HttpPipelinePrepend,CallGroupOrder!,CallGroupTargets!'
                Unanswered = 'Identity!,HttpPipelinePrepend,IsUnansweredEnabled!,UnansweredDelay!,UnansweredTarget,UnansweredTargetType'
                UnansweredOnOff = 'Identity!,HttpPipelinePrepend,IsUnansweredEnabled!'
                Forwarding = 'Identity!,HttpPipelinePrepend,IsForwardingEnabled!,ForwardingType!,ForwardingTargetType!,ForwardingTarget'
                ForwardingOnOff = 'Identity!,HttpPipelinePrepend,IsForwardingEnabled!'
            }
        }
        @{ Cmdlet = 'New-CsUserCallingDelegate'; Sets = @{ __AllParameterSets = 'Identity!,Delegate!,MakeCalls!,ManageSettings!,ReceiveCalls!,PickUpHeldCalls!,JoinActiveCalls!' } }
        @{ Cmdlet = 'Set-CsUserCallingDelegate'; Sets = @{ __AllParameterSets = 'Identity!,Delegate!,MakeCalls,ManageSettings,ReceiveCalls,PickUpHeldCalls,JoinActiveCalls' } }
        @{ Cmdlet = 'Remove-CsUserCallingDelegate'; Sets = @{ __AllParameterSets = 'Identity!,Delegate!,HttpPipelinePrepend' } }
        @{ Cmdlet = 'Get-CsOnlineUser'; Sets = @{ __AllParameterSets = 'Identity,AccountType,Filter,Properties,ResultSize,SkipUserPolicies,SoftDeletedUser,Sort' } }
        @{ Cmdlet = 'Get-CsTenant'; Sets = @{ __AllParameterSets = 'Filter,DomainController,Identity,ResultSize' } }
        @{ Cmdlet = 'Get-CsTeamsCallingPolicy'; Sets = @{ Identity = 'Identity'; Filter = 'Filter' } }
        @{ Cmdlet = 'Get-CsOnlineVoiceRoutingPolicy'; Sets = @{ Identity = 'Identity'; Filter = 'Filter' } }
        @{ Cmdlet = 'Get-CsTeamsEmergencyCallRoutingPolicy'; Sets = @{ Identity = 'Identity'; Filter = 'Filter' } }
        @{ Cmdlet = 'Get-CsTeamsSharedCallingRoutingPolicy'; Sets = @{ Identity = 'Identity'; Filter = 'Filter' } }
        @{ Cmdlet = 'Get-CsOnlineApplicationInstance'; Sets = @{ __AllParameterSets = 'Identity,Identities,ResultSize,Skip,Force,WhatIf,Confirm' } }
        @{ Cmdlet = 'Get-CsAutoAttendant'; Sets = @{ __AllParameterSets = 'Identity,First,Skip,NameFilter,SortBy,Descending,IncludeStatus,ExcludeContent,Tenant' } }
        @{ Cmdlet = 'Get-CsPhoneNumberAssignment'; Sets = @{ __AllParameterSets = 'ActivationState,AssignedPstnTargetId,AssignmentCategory,CapabilitiesContain,CivicAddressId,Filter,IsoCountryCode,LocationId,NetworkSiteId,NumberType,PstnAssignmentStatus,Skip,TelephoneNumber,TelephoneNumberContain,TelephoneNumberGreaterThan,TelephoneNumberLessThan,TelephoneNumberStartsWith,Top,Break,HttpPipelineAppend,HttpPipelinePrepend,Proxy,ProxyCredential,ProxyUseDefaultCredentials' } }
        @{ Cmdlet = 'Get-CsOnlineLisLocation'; Sets = @{
                GetByLocationID = 'AssignmentStatus,City,CountryOrRegion,Description,Force,NumberOfResultsToSkip,PopulateNumberOfTelephoneNumbers,PopulateNumberOfVoiceUsers,ResultSize,ValidationStatus'
                UseCivicAddressId = 'CivicAddressId!,AssignmentStatus,City,CountryOrRegion,Description,Force,NumberOfResultsToSkip,PopulateNumberOfTelephoneNumbers,PopulateNumberOfVoiceUsers,ResultSize,ValidationStatus'
                UseLocation = 'Location!,AssignmentStatus,City,CountryOrRegion,Description,Force,NumberOfResultsToSkip,PopulateNumberOfTelephoneNumbers,PopulateNumberOfVoiceUsers,ResultSize,ValidationStatus'
                UseLocationId = 'AssignmentStatus,City,CountryOrRegion,Description,Force,NumberOfResultsToSkip,PopulateNumberOfTelephoneNumbers,PopulateNumberOfVoiceUsers,ResultSize,ValidationStatus,LocationId'
            }
        }
    ) {
        $command = Get-Command $Cmdlet -Module MicrosoftTeams
        $actual = @{}
        foreach ($set in $command.ParameterSets) {
            $names = @($set.Parameters | Where-Object { $Common -notcontains $_.Name } | ForEach-Object { if ($_.IsMandatory) { "$($_.Name)!" } else { $_.Name } } | Sort-Object)
            $actual[$set.Name] = $names -join ','
        }
        $expected = @{}
        foreach ($name in $Sets.Keys) { $expected[$name] = (@($Sets[$name] -split ',' | Sort-Object) -join ',') }
        @($actual.Keys | Sort-Object) | Should -Be @($expected.Keys | Sort-Object)
        foreach ($name in $expected.Keys) { $actual[$name] | Should -Be $expected[$name] -Because "parameter set $name" }
    }

    It '<Cmdlet> -<Parameter> is a <Type>, as its reference page says' -ForEach @(
        @{ Cmdlet = 'Set-CsUserCallingSettings'; Parameter = 'CallGroupTargets'; Type = 'array' }
        @{ Cmdlet = 'Set-CsUserCallingSettings'; Parameter = 'GroupMembershipDetails'; Type = 'Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Models.ICallGroupMembershipDetails[]' }
        @{ Cmdlet = 'Set-CsUserCallingSettings'; Parameter = 'IsForwardingEnabled'; Type = 'bool' }
        @{ Cmdlet = 'Set-CsUserCallingSettings'; Parameter = 'UnansweredDelay'; Type = 'string' }
        @{ Cmdlet = 'New-CsUserCallingDelegate'; Parameter = 'ReceiveCalls'; Type = 'bool' }
        @{ Cmdlet = 'Get-CsAutoAttendant'; Parameter = 'First'; Type = 'uint32' }
        @{ Cmdlet = 'Get-CsAutoAttendant'; Parameter = 'Skip'; Type = 'uint32' }
        @{ Cmdlet = 'Get-CsPhoneNumberAssignment'; Parameter = 'Top'; Type = 'int' }
        @{ Cmdlet = 'Get-CsPhoneNumberAssignment'; Parameter = 'Skip'; Type = 'int' }
        @{ Cmdlet = 'Get-CsOnlineUser'; Parameter = 'ResultSize'; Type = 'uint32' }
        @{ Cmdlet = 'Connect-MicrosoftTeams'; Parameter = 'Certificate'; Type = 'System.Security.Cryptography.X509Certificates.X509Certificate2' }
        @{ Cmdlet = 'Connect-MicrosoftTeams'; Parameter = 'AccessTokens'; Type = 'string[]' }
    ) {
        # Names, not type literals: the stand-in's types exist only once its module is loaded (after discovery).
        (Get-Command $Cmdlet -Module MicrosoftTeams).Parameters[$Parameter].ParameterType | Should -Be ($Type -as [type])
        $Type -as [type] | Should -Not -BeNullOrEmpty
    }

    It 'refuses <Name>, as Teams does, and keeps the settings' -ForEach @(
        @{ Name = 'InOrder ringing for six members'; Identity = 'megan.bowen@contoso.com'; Parameters = @{ CallGroupOrder = 'InOrder'; CallGroupTargets = @(1..6 | ForEach-Object { "sip:m$_@contoso.com" }) }; Reason = 'InOrder ringing is supported for at most 5' }
        @{ Name = 'a group of 26'; Identity = 'megan.bowen@contoso.com'; Parameters = @{ CallGroupOrder = 'Simultaneous'; CallGroupTargets = @(1..26 | ForEach-Object { "sip:m$_@contoso.com" }) }; Reason = 'at most 25 members' }
        @{ Name = 'emptying a group forwarding goes to'; Identity = 'alex.wilber@contoso.com'; Parameters = @{ CallGroupOrder = 'Simultaneous'; CallGroupTargets = @() }; Reason = 'targets the call group, which has no members' }
        @{ Name = 'simultaneous forwarding to voicemail'; Identity = 'megan.bowen@contoso.com'; Parameters = @{ IsForwardingEnabled = $true; ForwardingType = 'Simultaneous'; ForwardingTargetType = 'Voicemail' }; Reason = 'valid for Immediate forwarding only' }
        @{ Name = 'forwarding to delegates nobody may take calls for'; Identity = 'megan.bowen@contoso.com'; Parameters = @{ IsForwardingEnabled = $true; ForwardingType = 'Immediate'; ForwardingTargetType = 'MyDelegates' }; Reason = 'no delegate may receive calls' }
        @{ Name = 'a delay the service does not support'; Identity = 'megan.bowen@contoso.com'; Parameters = @{ IsUnansweredEnabled = $true; UnansweredTargetType = 'Voicemail'; UnansweredDelay = '00:00:25' }; Reason = "Invalid value '00:00:25' for UnansweredDelay" }
        @{ Name = 'a notification setting off its list'; Identity = 'megan.bowen@contoso.com'; Parameters = @{ GroupNotificationOverride = 'Loud' }; Reason = "Invalid value 'Loud'" }
    ) {
        $before = ConvertTo-Json -InputObject (Get-CsUserCallingSettings -Identity $Identity) -Depth 5
        Set-CsUserCallingSettings -Identity $Identity @Parameters -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure | Should -HaveCount 1
        $failure[0].Exception | Should -BeOfType ([Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Runtime.RestException])
        [int]$failure[0].Exception.StatusCode | Should -Be 400
        $failure[0].ErrorDetails.Message | Should -Match $Reason
        ConvertTo-Json -InputObject (Get-CsUserCallingSettings -Identity $Identity) -Depth 5 | Should -Be $before
    }

    It 'refuses a 26th delegate' {
        for ($i = 0; $i -lt 26; $i++) {
            $delegate = (Get-Content (Get-DemoTenantPath) -Raw | ConvertFrom-Json).users[$i + 10].UserPrincipalName
            New-CsUserCallingDelegate -Identity 'megan.bowen@contoso.com' -Delegate $delegate -MakeCalls $false -ManageSettings $false -ReceiveCalls $true -PickUpHeldCalls $false -JoinActiveCalls $false -ErrorVariable failure -ErrorAction SilentlyContinue
        }
        @((Get-CsUserCallingSettings -Identity 'megan.bowen@contoso.com').Delegates) | Should -HaveCount 25
        $failure[0].ErrorDetails.Message | Should -Match 'at most 25 delegates'
    }

    It 'writes an error the caller can ignore, as the module''s generated cmdlets do: only -ErrorAction Stop throws' {
        Add-StandInFault -Cmdlet 'Get-CsUserCallingSettings' -Kind Throttle -RetryAfterSeconds 9
        $result = Get-CsUserCallingSettings -Identity 'alex.wilber@contoso.com' -ErrorVariable failure -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        [int]$failure[0].Exception.StatusCode | Should -Be 429
        $failure[0].Exception.ResponseHeaders.RetryAfter.Delta | Should -Be ([TimeSpan]::FromSeconds(9))
        { Get-CsUserCallingSettings -Identity 'nobody@contoso.com' -ErrorAction Stop } | Should -Throw "*Management object not found for identity 'nobody@contoso.com'*"
    }

    It 'throws when the caller''s $ErrorActionPreference is Stop, as a compiled cmdlet does' {
        $ErrorActionPreference = 'Stop'
        { Get-CsUserCallingSettings -Identity 'nobody@contoso.com' } | Should -Throw '*Management object not found*'
        $ErrorActionPreference = 'Continue'
        { Get-CsUserCallingSettings -Identity 'nobody@contoso.com' -ErrorAction SilentlyContinue } | Should -Not -Throw
    }

    It 'refuses every call but Connect-MicrosoftTeams before a session exists' {
        Disconnect-MicrosoftTeams
        { Get-CsOnlineUser -ErrorAction Stop } | Should -Throw '*Connect-MicrosoftTeams*'
    }

    It 'prints a Direct Routing number without a country and without a location, as Get-CsPhoneNumberAssignment does' {
        $number = Get-CsPhoneNumberAssignment -TelephoneNumber '+14255550200'
        $number.NumberType | Should -Be 'DirectRouting'
        $number.IsoCountryCode | Should -Be ''
        $number.LocationId | Should -Be '00000000-0000-0000-0000-000000000000'
        { Get-CsPhoneNumberAssignment -Top 1001 -ErrorAction Stop } | Should -Throw '*between 1 and 1000*'
    }

    It 'adds "sip:" to a call group member given without it, as Get-CsUserCallingSettings shows it' {
        Set-CsUserCallingSettings -Identity 'megan.bowen@contoso.com' -CallGroupOrder InOrder -CallGroupTargets @('alex.wilber@contoso.com', 'AF8DE7BF-1309-51A7-AC52-CB19D1F10057'.ToLowerInvariant())
        (Get-CsUserCallingSettings -Identity 'megan.bowen@contoso.com').CallGroupTargets | Should -Be @('sip:alex.wilber@contoso.com', 'sip:alex.wilber@contoso.com')
    }
}
