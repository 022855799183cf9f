<#
    The Teams worker's dispatch (TeamsWorker.Dispatch.ps1, .Reads.ps1, .Errors.ps1) run for real
    against the STAND-IN MicrosoftTeams module: the allow-list, binding by name, typed errors.
    TeamsWorker.Stdio.Tests.ps1 covers the JSON-lines protocol of the stdio process.
#>
Describe 'the Teams worker''s dispatch over the stand-in MicrosoftTeams module' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
        Initialize-StandInTeams
        . (Join-Path (Get-RepoRoot) 'scripts' 'TeamsWorker.Dispatch.ps1')
        $script:Logs = [System.Collections.Generic.List[string]]::new()
        $script:TeamsWorkerLogSink = { param([string]$Message) $script:Logs.Add($Message) }

        $script:Counter = 0
        function Send-Request([string]$Op, [System.Collections.IDictionary]$Arguments = @{}) {
            $script:Counter++
            $line = ConvertTo-Json -InputObject ([ordered]@{ id = "t$script:Counter"; op = $Op; args = $Arguments }) -Depth 10 -Compress
            return Invoke-TeamsWorkerLine $line
        }
        function Send-Write([string]$Cmdlet, [string]$Identity, [string]$ParameterSet, [System.Collections.IDictionary]$Parameters) {
            Send-Request 'applyWrite' @{ write = [ordered]@{ cmdlet = $Cmdlet; identity = $Identity; parameterSet = $ParameterSet; parameters = $Parameters; reason = 'test' } }
        }
        function Get-Settings([string]$Sip) { (Get-StandInTenant).callingSettings | Where-Object { $_['SipUri'] -eq $Sip } }
        $script:Alex = 'alex.wilber@contoso.com'
    }

    BeforeEach {
        Import-StandInTenant -Path (Get-DemoTenantPath)
        $global:CgmTeamsWorkerConnected = $false
    }

    Describe 'the allow-list' {
        It 'runs an allow-listed write with its parameters bound by name and typed as the cmdlet declares them' {
            $response = Send-Write 'Set-CsUserCallingSettings' $Alex 'CallGroup' ([ordered]@{ CallGroupOrder = 'InOrder'; CallGroupTargets = @('sip:megan.bowen@contoso.com') })
            $response.ok | Should -BeTrue
            $call = Get-StandInCallLog | Where-Object Cmdlet -EQ 'Set-CsUserCallingSettings'
            @($call).Count | Should -Be 1
            # By name: exactly the allow-listed names, plus -ErrorAction Stop from the worker itself.
            @($call.Parameters.Keys | Sort-Object) | Should -Be @('CallGroupOrder', 'CallGroupTargets', 'ErrorAction', 'Identity')
            , $call.Parameters['CallGroupTargets'] | Should -BeOfType [string[]]
            (Get-Settings 'sip:alex.wilber@contoso.com')['CallGroupTargets'] | Should -Be @('sip:megan.bowen@contoso.com')
        }

        It 'binds group membership details as ICallGroupMembershipDetails, as the reference''s Example 8 does' {
            $details = @(@{ CallGroupOwnerId = 'sip:alex.wilber@contoso.com'; NotificationSetting = 'Banner' })
            (Send-Write 'Set-CsUserCallingSettings' 'brian.johnson@contoso.com' 'CallGroupMembership' @{ GroupMembershipDetails = $details }).ok | Should -BeTrue
            $bound = (Get-StandInCallLog | Where-Object Cmdlet -EQ 'Set-CsUserCallingSettings').Parameters['GroupMembershipDetails']
            $bound[0] | Should -BeOfType ([Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Models.ICallGroupMembershipDetails])
            (Get-Settings 'sip:brian.johnson@contoso.com')['GroupMembershipDetails'][0]['NotificationSetting'] | Should -Be 'Banner'
        }

        It 'passes the delegate permissions New-CsUserCallingDelegate requires, false when the write leaves them out' {
            (Send-Write 'New-CsUserCallingDelegate' $Alex 'Delegate' @{ Delegate = 'megan.bowen@contoso.com'; ReceiveCalls = $true }).ok | Should -BeTrue
            $delegate = (Get-Settings 'sip:alex.wilber@contoso.com')['Delegates'][0]
            $delegate['ReceiveCalls'] | Should -BeTrue
            $delegate['MakeCalls'] | Should -BeFalse
        }

        It 'refuses <Name> without running any cmdlet' -ForEach @(
            @{ Name = 'a cmdlet that is not on the list'; Write = @{ cmdlet = 'Remove-Item'; identity = 'x'; parameterSet = 'Delegate'; parameters = @{} }; Expected = 'not allowed' }
            @{ Name = 'a parameter set that is not on the list'; Write = @{ cmdlet = 'Set-CsUserCallingSettings'; identity = 'x'; parameterSet = 'BusyOnBusy'; parameters = @{ BusyOnBusyOption = 'RingUser' } }; Expected = 'no parameter set' }
            @{ Name = 'a parameter of another set'; Write = @{ cmdlet = 'Set-CsUserCallingSettings'; identity = 'x'; parameterSet = 'CallGroupNotification'; parameters = @{ GroupNotificationOverride = 'Mute'; IsForwardingEnabled = $true } }; Expected = 'no parameter -IsForwardingEnabled' }
            @{ Name = 'a common parameter'; Write = @{ cmdlet = 'Set-CsUserCallingSettings'; identity = 'x'; parameterSet = 'ForwardingOnOff'; parameters = @{ IsForwardingEnabled = $false; ErrorAction = 'Ignore' } }; Expected = 'no parameter -ErrorAction' }
            @{ Name = 'a parameter name carrying script'; Write = @{ cmdlet = 'Set-CsUserCallingSettings'; identity = 'x'; parameterSet = 'ForwardingOnOff'; parameters = @{ 'IsForwardingEnabled; Remove-Item x' = $false } }; Expected = 'no parameter' }
            @{ Name = 'a string where a boolean is due'; Write = @{ cmdlet = 'Set-CsUserCallingSettings'; identity = 'x'; parameterSet = 'ForwardingOnOff'; parameters = @{ IsForwardingEnabled = 'False' } }; Expected = '\$true or \$false' }
            @{ Name = 'an enum value off its list'; Write = @{ cmdlet = 'Set-CsUserCallingSettings'; identity = 'x'; parameterSet = 'CallGroup'; parameters = @{ CallGroupOrder = 'InOrder; Remove-Team'; CallGroupTargets = @() } }; Expected = 'one of Simultaneous, InOrder' }
            @{ Name = 'a delay not in hh:mm:ss'; Write = @{ cmdlet = 'Set-CsUserCallingSettings'; identity = 'x'; parameterSet = 'Unanswered'; parameters = @{ IsUnansweredEnabled = $true; UnansweredDelay = '20' } }; Expected = 'hh:mm:ss' }
            @{ Name = 'a missing required parameter'; Write = @{ cmdlet = 'Set-CsUserCallingSettings'; identity = 'x'; parameterSet = 'CallGroup'; parameters = @{ CallGroupOrder = 'InOrder' } }; Expected = 'CallGroupTargets is required' }
            @{ Name = 'a membership detail with an extra property'; Write = @{ cmdlet = 'Set-CsUserCallingSettings'; identity = 'x'; parameterSet = 'CallGroupMembership'; parameters = @{ GroupMembershipDetails = @(@{ CallGroupOwnerId = 'a'; NotificationSetting = 'Ring'; Evil = '$(1)' }) } }; Expected = 'CallGroupOwnerId, NotificationSetting' }
            @{ Name = 'a write that names no user'; Write = @{ cmdlet = 'Set-CsUserCallingSettings'; identity = ' '; parameterSet = 'ForwardingOnOff'; parameters = @{ IsForwardingEnabled = $false } }; Expected = 'names no user' }
        ) {
            $response = Send-Request 'applyWrite' @{ write = $Write }
            $response.ok | Should -BeFalse
            $response.error.kind | Should -Be 'rejected'
            $response.error.message | Should -Match $Expected
            @(Get-StandInCallLog | Where-Object Cmdlet -NE 'Connect-MicrosoftTeams') | Should -HaveCount 0
        }

        It 'keeps <Value> as data: the cmdlet receives it verbatim and nothing in it runs' -ForEach @(
            @{ Value = '"; Remove-Item -Recurse -Force $HOME; "' }
            @{ Value = '$(Set-Content -Path $env:CGM_CANARY -Value pwned)' }
            @{ Value = '`$(Set-Content -Path $env:CGM_CANARY -Value pwned)`' }
            @{ Value = "'; Set-Content -Path `$env:CGM_CANARY -Value pwned; '" }
        ) {
            $env:CGM_CANARY = Join-Path $TestDrive 'canary.txt'
            $response = Send-Write 'Set-CsUserCallingSettings' $Alex 'Forwarding' ([ordered]@{ IsForwardingEnabled = $true; ForwardingType = 'Simultaneous'; ForwardingTargetType = 'SingleTarget'; ForwardingTarget = $Value })
            $response.ok | Should -BeTrue
            (Get-Settings 'sip:alex.wilber@contoso.com')['ForwardingTarget'] | Should -BeExactly $Value
            $env:CGM_CANARY | Should -Not -Exist
            @(Get-StandInCallLog | ForEach-Object Cmdlet) | Should -Be @('Connect-MicrosoftTeams', 'Set-CsUserCallingSettings')
        }

        It 'refuses an op that is not in the protocol, and an argument an op does not take' {
            (Send-Request 'runScript' @{}).error.message | Should -Match "Unknown op 'runScript'"
            (Send-Request 'readSettings' @{ identity = $Alex; Filter = '*' }).error.message | Should -Match "takes no argument 'Filter'"
        }

        It 'refuses a request whose JSON names a property twice, whatever the case' {
            $response = Invoke-TeamsWorkerLine '{"id":"dup","op":"readSettings","args":{"identity":"a@contoso.com","Identity":"b@contoso.com"}}'
            $response.id | Should -Be 'dup'
            $response.error.kind | Should -Be 'rejected'
            $response.error.message | Should -Match 'appears twice'
        }

        It 'answers nothing to a line that is not JSON or has no id, and logs why' {
            Invoke-TeamsWorkerLine 'WARNING: not json' | Should -BeNullOrEmpty
            Invoke-TeamsWorkerLine '{"op":"ready","args":{}}' | Should -BeNullOrEmpty
            ($script:Logs -join "`n") | Should -Match 'not JSON'
            ($script:Logs -join "`n") | Should -Match 'without an id'
        }

        It 'keeps a string that looks like a date a string (System.Text.Json, not ConvertFrom-Json)' {
            (Send-Request 'readSettings' @{ identity = '2025-01-01T00:00:00Z' }).error.message | Should -Match "identity '2025-01-01T00:00:00Z'"
        }
    }

    Describe 'reads' {
        It 'connects once with app-only certificate auth and answers ready' {
            $first = Send-Request 'ready'
            $null = Send-Request 'ready'
            $first.result.connected | Should -BeTrue
            $first.result.moduleVersion | Should -Be '7.5.0'
            $connects = @(Get-StandInCallLog | Where-Object Cmdlet -EQ 'Connect-MicrosoftTeams')
            $connects | Should -HaveCount 1
            $connects[0].Parameters['CertificateThumbprint'] | Should -Be ('A' * 40)
        }

        It 'reads a user''s settings in the model''s shape, leaving out what Teams leaves empty' {
            $settings = (Send-Request 'readSettings' @{ identity = 'sip:Brian.Johnson@contoso.com' }).result
            $settings['SipUri'] | Should -Be 'sip:brian.johnson@contoso.com'
            $settings.Contains('ForwardingType') | Should -BeFalse
            $settings['GroupMembershipDetails'][0]['CallGroupOwnerId'] | Should -Be 'sip:alex.wilber@contoso.com'
            $settings.Contains('Delegators') | Should -BeFalse
        }

        It 'reads the directory with group-assigned policies, auto attendants as lists and every number with a country' {
            # What TEAMS_DEFAULT_COUNTRY sets when the worker starts (TeamsWorker.Reads.ps1).
            $script:DefaultNumberCountry = 'US'
            $directory = (Send-Request 'readDirectory').result
            $directory['users'] | Should -HaveCount 60
            @($directory['users'] | Where-Object { $_['TeamsCallingPolicy'] -eq 'Executive' }).Count | Should -BeGreaterThan 0
            , $directory['resourceAccounts'][0]['AssociatedAutoAttendants'] | Should -BeOfType [object[]]
            @($directory['phoneNumbers'] | Where-Object { $_['IsoCountryCode'] -notmatch '^[A-Z]{2}$' }) | Should -HaveCount 0
            @(Get-StandInCallLog | Where-Object Cmdlet -EQ 'Get-CsPhoneNumberAssignment' | ForEach-Object { $_.Parameters['Top'] }) | Should -Be @(1000)
        }
    }

    Describe 'paging' {
        It 'reads every number and auto attendant past the cmdlets'' page sizes (1000 numbers, 100 attendants)' {
            $tenant = New-TenantFile (Join-Path $TestDrive 'many.json') {
                param($snapshot)
                $snapshot['phoneNumbers'] = @(0..1000 | ForEach-Object { @{ TelephoneNumber = '+1425555{0:D4}' -f $_; NumberType = 'CallingPlan'; IsoCountryCode = 'US'; Usage = 'Subscriber' } })
                $snapshot['resourceAccounts'] = @(@{ ObjectId = 'ra-1'; UserPrincipalName = 'ra@contoso.com'; AssociatedAutoAttendants = @(0..100 | ForEach-Object { "Attendant $_" }) })
            }
            Import-StandInTenant -Path $tenant
            $null = Send-Request 'ready'
            $numbers = Read-TeamsPhoneNumbers
            $numbers | Should -HaveCount 1001
            @($numbers | ForEach-Object { $_['TelephoneNumber'] } | Sort-Object -Unique) | Should -HaveCount 1001
            @(Get-StandInCallLog | Where-Object Cmdlet -EQ 'Get-CsPhoneNumberAssignment' | ForEach-Object { $_.Parameters['Skip'] }) | Should -Be @(0, 1000)
            (Read-TeamsResourceAccounts)[0]['AssociatedAutoAttendants'] | Should -HaveCount 101
            @(Get-StandInCallLog | Where-Object Cmdlet -EQ 'Get-CsAutoAttendant' | ForEach-Object { $_.Parameters['Skip'] }) | Should -Be @(0, 100)
        }
    }

    Describe 'typed errors' {
        It 'answers throttled with the Retry-After the service sent, in milliseconds' {
            Add-StandInFault -Cmdlet 'Get-CsUserCallingSettings' -Kind Throttle -RetryAfterSeconds 7
            $response = Send-Request 'readSettings' @{ identity = $Alex }
            $response.error.kind | Should -Be 'throttled'
            $response.error.retryAfterMs | Should -Be 7000
        }

        It 'answers throttled without a delay when the service named none' {
            Add-StandInFault -Cmdlet 'Get-CsUserCallingSettings' -Kind Throttle
            $response = Send-Request 'readSettings' @{ identity = $Alex }
            $response.error.kind | Should -Be 'throttled'
            $response.error.Contains('retryAfterMs') | Should -BeFalse
        }

        It 'answers transient for a 503, and for an expired session, then connects again' {
            Add-StandInFault -Cmdlet 'Get-CsUserCallingSettings' -Kind Transient
            Add-StandInFault -Cmdlet 'Get-CsUserCallingSettings' -Kind Unauthorized
            (Send-Request 'readSettings' @{ identity = $Alex }).error.kind | Should -Be 'transient'
            (Send-Request 'readSettings' @{ identity = $Alex }).error.kind | Should -Be 'transient'
            (Send-Request 'readSettings' @{ identity = $Alex }).ok | Should -BeTrue
            @(Get-StandInCallLog | Where-Object Cmdlet -EQ 'Connect-MicrosoftTeams') | Should -HaveCount 2
        }

        It 'answers not-found for a user Teams does not know' {
            $response = Send-Write 'Set-CsUserCallingSettings' 'left@contoso.com' 'ForwardingOnOff' @{ IsForwardingEnabled = $false }
            $response.error.kind | Should -Be 'not-found'
        }

        It 'answers rejected with Teams'' own reason for a write Teams refuses, and changes nothing' {
            $response = Send-Write 'Set-CsUserCallingSettings' $Alex 'CallGroup' ([ordered]@{ CallGroupOrder = 'Simultaneous'; CallGroupTargets = @() })
            $response.error.kind | Should -Be 'rejected'
            $response.error.message | Should -Match 'Forwarding targets the call group, which has no members'
            (Get-Settings 'sip:alex.wilber@contoso.com')['CallGroupTargets'] | Should -HaveCount 2
        }

        It 'answers rejected, naming the missing setting, when the worker is not configured' {
            Remove-Item Env:TEAMS_CERT_THUMBPRINT
            try { $response = Send-Request 'ready' } finally { $env:TEAMS_CERT_THUMBPRINT = 'A' * 40 }
            $response.error.kind | Should -Be 'rejected'
            $response.error.message | Should -Match 'TEAMS_CERT_THUMBPRINT is not set'
        }
    }
}
