<#
    scripts/Export-TenantSnapshot.ps1 run for real against the STAND-IN MicrosoftTeams module:
    the file `cgm scan` reads, progress, the checkpoint across a killed run, throttling, and the
    country of Direct Routing numbers.
#>
Describe 'Export-TenantSnapshot.ps1 over the stand-in MicrosoftTeams module' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
        Initialize-StandInTeams
        $script:Export = Join-Path (Get-RepoRoot) 'scripts' 'Export-TenantSnapshot.ps1'
        $script:Cli = Join-Path (Get-RepoRoot) 'bot' 'dist' 'cli' 'main.js'

        <# The snapshot without its capture time, which differs between runs. #>
        function Read-Export([string]$Path) {
            $snapshot = Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json -AsHashtable -DateKind String
            $snapshot.Remove('capturedAt')
            ConvertTo-Json -InputObject $snapshot -Depth 20
        }
        function Get-Findings([string]$Path) {
            $json = & node $script:Cli scan $Path --format json
            if ($LASTEXITCODE -ne 0) { throw "cgm scan $Path exited with $LASTEXITCODE" }
            @($json | ConvertFrom-Json | ForEach-Object { ConvertTo-Json -InputObject $_ -Depth 10 -Compress } | Sort-Object)
        }
        function Invoke-Export([string]$OutputPath, [hashtable]$Extra = @{}) {
            & $script:Export -OutputPath $OutputPath -DefaultCountry US @Extra 3>$null 6>$null
        }

        # One uninterrupted export of the demo tenant, for cgm scan.
        Mock Write-Progress {}
        $script:Reference = Join-Path $TestDrive 'reference.json'
        Invoke-Export $script:Reference
        # Every PowerShell call costs here, so the runs that compare files use a tenant of 8 users.
        $script:Small = New-TenantFile (Join-Path $TestDrive 'small.json') {
            param($snapshot)
            $snapshot['users'] = @($snapshot['users'][0..7])
            $sips = @($snapshot['users'] | ForEach-Object { $_['SipAddress'] })
            $snapshot['callingSettings'] = @($snapshot['callingSettings'] | Where-Object { $sips -contains $_['SipUri'] })
        }
        Import-StandInTenant -Path $script:Small
        $script:SmallReference = Join-Path $TestDrive 'small-reference.json'
        Invoke-Export $script:SmallReference
    }

    BeforeEach {
        Import-StandInTenant -Path $script:Small
    }

    It 'writes a snapshot in which cgm scan finds exactly the findings of the tenant it came from' {
        if (-not (Test-Path -LiteralPath $script:Cli)) { Set-ItResult -Skipped -Because 'bot/dist is not built (npm run build)'; return }
        $expected = Get-Findings (Get-DemoTenantPath)
        $expected.Count | Should -BeGreaterThan 0
        Get-Findings $script:Reference | Should -Be $expected
    }

    It 'writes UTF-8 without a byte order mark and removes its checkpoint when done' {
        $bytes = [System.IO.File]::ReadAllBytes($script:Reference)
        $bytes[0] | Should -Be ([byte][char]'{')
        "$script:Reference.checkpoint.json" | Should -Not -Exist
        "$script:Reference.checkpoint.json.settings.jsonl" | Should -Not -Exist
    }

    It 'shows progress: users read, the total and the time left' {
        Should -Invoke Write-Progress -Scope Describe -ParameterFilter { $Status -like 'Calling settings: 0 of 60 (*' }
        Should -Invoke Write-Progress -Scope Describe -ParameterFilter { $Status -like 'Calling settings: 59 of 60 (*' -and $PercentComplete -eq 98 -and $null -ne $SecondsRemaining }
        Should -Invoke Write-Progress -Scope Describe -ParameterFilter { $Completed }
    }

    It 'continues a killed export from its checkpoint, reads each user once, and writes what one uninterrupted run writes' {
        $output = Join-Path $TestDrive 'killed.json'
        $settings = "$output.checkpoint.json.settings.jsonl"
        $faults = Join-Path $TestDrive 'faults.json'
        $calls = Join-Path $TestDrive 'calls.jsonl'
        $sixth = (Get-Content $script:Small -Raw | ConvertFrom-Json).users[5].Identity
        Set-Content -LiteralPath $faults -Value (ConvertTo-Json -InputObject @(@{ cmdlet = 'Get-CsUserCallingSettings'; identity = $sixth; kind = 'Hang'; times = 1; afterWrite = $false }))
        $environment = @{ CGM_STANDIN_TENANT = $script:Small; CGM_STANDIN_FAULTS = $faults }
        $first = Start-PwshProcess @('-File', $script:Export, '-OutputPath', $output, '-DefaultCountry', 'US') $environment
        $deadline = [DateTime]::UtcNow.AddSeconds(90)
        while (-not ((Test-Path $settings) -and @(Get-Content $settings).Count -ge 5)) {
            if ($first.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "The export did not reach the 6th user: $($first.StandardError.ReadToEnd())" }
            Start-Sleep -Milliseconds 100
        }
        $first.Kill($true)
        $first.WaitForExit()
        $output | Should -Not -Exist
        @(Get-Content $settings) | Should -HaveCount 5
        # A stop in the middle of a line: the cut-off line is dropped and that user read again.
        [System.IO.File]::AppendAllText($settings, '{"sip":"sip:cut')

        $environment.Remove('CGM_STANDIN_FAULTS')
        $environment['CGM_STANDIN_CALL_LOG'] = $calls
        $second = Invoke-PwshScript @('-File', $script:Export, '-OutputPath', $output, '-DefaultCountry', 'US') $environment
        $second.ExitCode | Should -Be 0 -Because $second.Errors
        $second.Output | Should -Match 'Resuming from .*5 of 8'
        @(Get-Content $calls | ConvertFrom-Json | Where-Object cmdlet -EQ 'Get-CsUserCallingSettings') | Should -HaveCount 3
        @(Get-Content $calls | ConvertFrom-Json | Where-Object cmdlet -EQ 'Get-CsOnlineUser') | Should -HaveCount 0
        Read-Export $output | Should -Be (Read-Export $script:SmallReference)
    }

    It 'waits out throttling for the Retry-After the service sent, and transient failures 2 s doubling, then finishes' {
        Mock Start-Sleep {}
        Add-StandInFault -Cmdlet 'Get-CsOnlineUser' -Kind Transient -Times 2
        Add-StandInFault -Cmdlet 'Get-CsUserCallingSettings' -Kind Throttle -RetryAfterSeconds 45
        $output = Join-Path $TestDrive 'throttled.json'
        Invoke-Export $output
        Should -Invoke Start-Sleep -Times 1 -Exactly -ParameterFilter { $Milliseconds -eq 2000 }
        Should -Invoke Start-Sleep -Times 1 -Exactly -ParameterFilter { $Milliseconds -eq 4000 }
        Should -Invoke Start-Sleep -Times 1 -Exactly -ParameterFilter { $Milliseconds -eq 45000 }
        Should -Invoke Start-Sleep -Times 3 -Exactly
        Read-Export $output | Should -Be (Read-Export $script:SmallReference)
    }

    It 'stops after -MaxAttempts with the checkpoint kept, and the next run finishes it' {
        Mock Start-Sleep {}
        Add-StandInFault -Cmdlet 'Get-CsUserCallingSettings' -Kind Transient -Times 2
        $output = Join-Path $TestDrive 'attempts.json'
        { Invoke-Export $output @{ MaxAttempts = 2 } } | Should -Throw '*temporarily unavailable*'
        "$output.checkpoint.json" | Should -Exist
        Invoke-Export $output
        Read-Export $output | Should -Be (Read-Export $script:SmallReference)
    }

    It 'skips a user Teams no longer knows, with a warning' {
        $gone = (Get-Content $script:Small -Raw | ConvertFrom-Json).users[0]
        Add-StandInFault -Cmdlet 'Get-CsUserCallingSettings' -Kind NotFound -Identity $gone.Identity
        $output = Join-Path $TestDrive 'gone.json'
        & $script:Export -OutputPath $output -DefaultCountry US -WarningVariable warnings -WarningAction SilentlyContinue 6>$null
        ($warnings -join "`n") | Should -Match "Skipped $([regex]::Escape($gone.SipAddress))"
        $written = Get-Content $output -Raw | ConvertFrom-Json
        @($written.callingSettings | Where-Object SipUri -EQ $gone.SipAddress) | Should -HaveCount 0
        @($written.users | Where-Object SipAddress -EQ $gone.SipAddress) | Should -HaveCount 1
    }

    It 'signs in app-only with -TenantId, -ApplicationId and -CertificateThumbprint, and asks for all three' {
        $output = Join-Path $TestDrive 'app-only.json'
        & $script:Export -OutputPath $output -TenantId (Get-DemoTenantId) -ApplicationId 'export-app' -CertificateThumbprint ('B' * 40) 3>$null 6>$null
        $connect = @(Get-StandInCallLog | Where-Object Cmdlet -EQ 'Connect-MicrosoftTeams')
        $connect | Should -HaveCount 1
        $connect[0].Parameters['ApplicationId'] | Should -Be 'export-app'
        @(Get-StandInCallLog | Where-Object Cmdlet -EQ 'Get-CsTenant') | Should -HaveCount 0
        $output | Should -Exist
        { & $script:Export -OutputPath $output -ApplicationId 'export-app' } | Should -Throw '*needs -TenantId, -ApplicationId and -CertificateThumbprint*'
    }

    It 'stops when app-only sign-in is refused' {
        $output = Join-Path $TestDrive 'wrong-tenant.json'
        { & $script:Export -OutputPath $output -TenantId 'another-tenant' -ApplicationId 'export-app' -CertificateThumbprint ('B' * 40) 6>$null } | Should -Throw "*Tenant 'another-tenant' not found*"
        $output | Should -Not -Exist
    }

    It 'refuses a checkpoint of another tenant' {
        $output = Join-Path $TestDrive 'other.json'
        Set-Content -LiteralPath "$output.checkpoint.json" -Value '{"tenantId":"another-tenant","capturedAt":"2026-01-01T00:00:00Z","directory":{"users":[]}}'
        { Invoke-Export $output } | Should -Throw '*is for tenant another-tenant*'
    }

    Context 'Direct Routing numbers, whose country Teams does not print' {
        BeforeAll {
            $script:Numbers = New-TenantFile (Join-Path $TestDrive 'numbers.json') {
                param($snapshot)
                $snapshot['users'] = @($snapshot['users'][0..1])
                $snapshot['callingSettings'] = @()
                $snapshot['sharedCallingPolicies'] = @()
                $snapshot['phoneNumbers'] = @(
                    @{ TelephoneNumber = '+35319876543'; NumberType = 'DirectRouting'; IsoCountryCode = 'IE' }
                    @{ TelephoneNumber = '+442071234567'; NumberType = 'DirectRouting'; IsoCountryCode = 'GB' }
                    @{ TelephoneNumber = '+4930123456;ext=12'; NumberType = 'DirectRouting'; IsoCountryCode = 'DE' }
                    @{ TelephoneNumber = '+14255550100'; NumberType = 'DirectRouting'; IsoCountryCode = 'US' }
                    @{ TelephoneNumber = '+74951234567'; NumberType = 'DirectRouting'; IsoCountryCode = 'RU' }
                    @{ TelephoneNumber = '+8801712345678'; NumberType = 'DirectRouting'; IsoCountryCode = 'BD' }
                    @{ TelephoneNumber = '+12065550100'; NumberType = 'CallingPlan'; IsoCountryCode = 'CA' }
                )
            }
            function Get-Countries([hashtable]$Extra) {
                Import-StandInTenant -Path $script:Numbers
                $output = Join-Path $TestDrive "numbers-$([guid]::NewGuid()).json"
                & $script:Export -OutputPath $output @Extra -WarningVariable warnings -WarningAction SilentlyContinue 6>$null
                $countries = [ordered]@{}
                foreach ($number in (Get-Content $output -Raw | ConvertFrom-Json).phoneNumbers) { $countries[$number.TelephoneNumber] = $number.IsoCountryCode }
                [pscustomobject]@{ Countries = $countries; Warnings = $warnings }
            }
        }

        It 'takes the country from a calling code of one country, longest prefix first, and keeps a Calling Plan number''s own' {
            $result = Get-Countries @{ DefaultCountry = 'US' }
            $result.Countries['+35319876543'] | Should -Be 'IE'
            $result.Countries['+442071234567'] | Should -Be 'GB'
            $result.Countries['+4930123456;ext=12'] | Should -Be 'DE'
            $result.Countries['+12065550100'] | Should -Be 'CA'
        }

        It 'gives shared codes (+1, +7) and codes not in the table -DefaultCountry' {
            $result = Get-Countries @{ DefaultCountry = 'US' }
            $result.Countries['+14255550100'] | Should -Be 'US'
            $result.Countries['+74951234567'] | Should -Be 'US'
            $result.Countries['+8801712345678'] | Should -Be 'US'
        }

        It 'leaves such numbers out without -DefaultCountry, so the file stays valid' {
            $result = Get-Countries @{}
            @($result.Countries.Keys) | Should -Be @('+35319876543', '+442071234567', '+4930123456;ext=12', '+12065550100')
        }
    }
}
