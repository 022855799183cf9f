<#
    scripts/TeamsWorker.ps1 as the server runs it: a pwsh child process, JSON lines on stdin and
    stdout, logs on stderr, over the STAND-IN MicrosoftTeams module.
#>
Describe 'the stdio worker (TeamsWorker.ps1) over the stand-in MicrosoftTeams module' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
        $script:CallLog = Join-Path $TestDrive 'calls.jsonl'
        $script:Worker = Start-PwshProcess @('-File', (Join-Path (Get-RepoRoot) 'scripts' 'TeamsWorker.ps1')) @{ CGM_STANDIN_TENANT = (Get-DemoTenantPath); CGM_STANDIN_CALL_LOG = $script:CallLog }
        $script:Errors = $script:Worker.StandardError.ReadToEndAsync()
        function Send-Line([string]$Line) { $script:Worker.StandardInput.Write($Line + "`n"); $script:Worker.StandardInput.Flush() }
    }
    AfterAll {
        if (-not $script:Worker.HasExited) { $script:Worker.Kill($true) }
    }

    It 'answers one line per request, in order, and nothing for blank, non-JSON or id-less lines' {
        Send-Line ''
        Send-Line 'this is not JSON'
        Send-Line '{"op":"ready","args":{}}'
        Send-Line '{"id":"1","op":"ready","args":{}}'
        Send-Line '{"id":"2","op":"readSettings","args":{"identity":"alex.wilber@contoso.com"}}'
        $first = Read-ProcessLine $script:Worker | ConvertFrom-Json -AsHashtable
        $second = Read-ProcessLine $script:Worker | ConvertFrom-Json -AsHashtable
        $first['id'] | Should -Be '1'
        $first['result']['connected'] | Should -BeTrue
        $second['id'] | Should -Be '2'
        $second['result']['SipUri'] | Should -Be 'sip:alex.wilber@contoso.com'
    }

    It 'reads \u escapes as the characters they stand for and answers in ASCII only' {
        # The server escapes everything outside printable ASCII; the worker escapes its answer the same way.
        $target = "Zo$([char]0x00eb) $([char]0x260e) `"quoted`" `$(not run)"
        $escaped = ($target.ToCharArray() | ForEach-Object { if ([int]$_ -lt 0x20 -or [int]$_ -gt 0x7e) { '\u{0:x4}' -f [int]$_ } elseif ($_ -eq '"') { '\"' } else { [string]$_ } }) -join ''
        Send-Line ('{"id":"3","op":"applyWrite","args":{"write":{"cmdlet":"Set-CsUserCallingSettings","identity":"alex.wilber@contoso.com","parameterSet":"Forwarding","parameters":{"IsForwardingEnabled":true,"ForwardingType":"Simultaneous","ForwardingTargetType":"SingleTarget","ForwardingTarget":"' + $escaped + '"},"reason":"t"}}}')
        (Read-ProcessLine $script:Worker | ConvertFrom-Json -AsHashtable)['result']['applied'] | Should -BeTrue
        Send-Line '{"id":"4","op":"readSettings","args":{"identity":"alex.wilber@contoso.com"}}'
        $line = Read-ProcessLine $script:Worker
        $line | Should -Match '^[\x20-\x7e]+$'
        ($line | ConvertFrom-Json -AsHashtable)['result']['ForwardingTarget'] | Should -BeExactly $target
    }

    It 'answers an error as a response line with its kind, and goes on serving' {
        Send-Line '{"id":"5","op":"readSettings","args":{"identity":"nobody@contoso.com"}}'
        Send-Line '{"id":"6","op":"readSettings","args":{"identity":"megan.bowen@contoso.com"}}'
        (Read-ProcessLine $script:Worker | ConvertFrom-Json -AsHashtable)['error']['kind'] | Should -Be 'not-found'
        (Read-ProcessLine $script:Worker | ConvertFrom-Json -AsHashtable)['ok'] | Should -BeTrue
    }

    It 'disconnects and exits when stdin ends, keeping logs on stderr' {
        $script:Worker.StandardInput.Close()
        $script:Worker.WaitForExit(60000) | Should -BeTrue
        $script:Worker.ExitCode | Should -Be 0
        $script:Worker.StandardOutput.ReadToEnd() | Should -BeNullOrEmpty
        $log = $script:Errors.GetAwaiter().GetResult()
        $log | Should -Match 'Ignored a line that is not JSON'
        $log | Should -Match 'Teams worker stopped: end of input'
        $calls = @(Get-Content -LiteralPath $script:CallLog | ConvertFrom-Json | ForEach-Object cmdlet)
        $calls[0] | Should -Be 'Connect-MicrosoftTeams'
        $calls[-1] | Should -Be 'Disconnect-MicrosoftTeams'
    }
}
