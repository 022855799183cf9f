<#
    The worker as an Azure Functions app: scripts/TeamsWorkerFunction/run.ps1 under a STAND-IN of
    the Functions PowerShell host (StandIn.FunctionsHost), and infra/teams-worker/profile.ps1
    loading the Teams admin certificate, both over the STAND-IN MicrosoftTeams module.
#>
Describe 'the Functions app (run.ps1) over the stand-in MicrosoftTeams module' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot 'StandIn.FunctionsHost' 'StandIn.FunctionsHost.psm1') -Force -Global
        Initialize-StandInTeams
        $script:Run = Join-Path (Get-RepoRoot) 'scripts' 'TeamsWorkerFunction' 'run.ps1'
        $script:Server = '6c1f2d3e-0000-4000-8000-00000000abcd'

        <# One request through run.ps1: the response it pushed. #>
        function Invoke-Function([string]$Body, [System.Collections.IDictionary]$Headers = @{ 'X-MS-CLIENT-PRINCIPAL-ID' = $script:Server }) {
            $null = Get-StandInOutputBinding
            & $script:Run -Request (New-StandInHttpRequest $Body $Headers) -TriggerMetadata @{} 6>$null
            $pushed = @(Get-StandInOutputBinding)
            $pushed | Should -HaveCount 1
            $pushed[0].Name | Should -Be 'Response'
            return $pushed[0].Value
        }
        function Read-Body($Response) { $Response.Body | ConvertFrom-Json -AsHashtable }
        $script:ReadAlex = '{"id":"f1","op":"readSettings","args":{"identity":"alex.wilber@contoso.com"}}'
    }

    BeforeEach {
        Import-StandInTenant -Path (Get-DemoTenantPath)
        $global:CgmTeamsWorkerConnected = $false
        $env:TEAMS_WORKER_ALLOWED_CALLER_ID = $script:Server
    }

    It 'serves the caller App Service Authentication names in X-MS-CLIENT-PRINCIPAL-ID, whatever the header''s case' {
        $response = Invoke-Function $script:ReadAlex @{ 'x-ms-client-principal-id' = $script:Server }
        $response | Should -BeOfType ([Microsoft.Azure.Functions.PowerShellWorker.HttpResponseContext])
        $response.StatusCode | Should -Be ([System.Net.HttpStatusCode]::OK)
        $response.ContentType | Should -Be 'application/json'
        (Read-Body $response)['result']['SipUri'] | Should -Be 'sip:alex.wilber@contoso.com'
    }

    It 'answers 403 to a request without a caller identity, and runs nothing' {
        $response = Invoke-Function $script:ReadAlex @{}
        $response.StatusCode | Should -Be ([System.Net.HttpStatusCode]::Forbidden)
        @(Get-StandInCallLog) | Should -HaveCount 0
    }

    It 'answers 403 to another caller' {
        (Invoke-Function $script:ReadAlex @{ 'X-MS-CLIENT-PRINCIPAL-ID' = '00000000-0000-0000-0000-000000000000' }).StatusCode | Should -Be ([System.Net.HttpStatusCode]::Forbidden)
    }

    It 'answers 500 and runs nothing when the allowed caller is not configured' {
        Remove-Item Env:TEAMS_WORKER_ALLOWED_CALLER_ID
        (Invoke-Function $script:ReadAlex).StatusCode | Should -Be ([System.Net.HttpStatusCode]::InternalServerError)
        @(Get-StandInCallLog) | Should -HaveCount 0
    }

    It 'answers 400 to a body that is <Name>' -ForEach @(
        @{ Name = 'not JSON'; Body = '<html>' }
        @{ Name = 'empty'; Body = '' }
        @{ Name = 'JSON without a request id'; Body = '{"op":"ready","args":{}}' }
    ) {
        $response = Invoke-Function $Body
        $response.StatusCode | Should -Be ([System.Net.HttpStatusCode]::BadRequest)
        (Read-Body $response)['error'] | Should -Match 'not a worker request'
    }

    It 'answers 429 with Retry-After in whole seconds for throttling' {
        Add-StandInFault -Cmdlet 'Get-CsUserCallingSettings' -Kind Throttle -RetryAfterSeconds 12
        $response = Invoke-Function $script:ReadAlex
        $response.StatusCode | Should -Be ([System.Net.HttpStatusCode]::TooManyRequests)
        $response.Headers['Retry-After'] | Should -Be '12'
        (Read-Body $response)['error']['retryAfterMs'] | Should -Be 12000
    }

    It 'answers <Status> for <Kind>, with the protocol response as the body' -ForEach @(
        @{ Kind = 'transient'; Fault = 'Transient'; Status = 503 }
        @{ Kind = 'not-found'; Fault = 'NotFound'; Status = 200 }
        @{ Kind = 'rejected'; Fault = 'Reject'; Status = 200 }
    ) {
        Add-StandInFault -Cmdlet 'Get-CsUserCallingSettings' -Kind $Fault
        $response = Invoke-Function $script:ReadAlex
        [int]$response.StatusCode | Should -Be $Status
        $body = Read-Body $response
        $body['id'] | Should -Be 'f1'
        $body['error']['kind'] | Should -Be $Kind
    }

    It 'applies a write and keeps the connection for the next invocation, as a Functions runspace does' {
        $write = '{"id":"f2","op":"applyWrite","args":{"write":{"cmdlet":"Set-CsUserCallingSettings","identity":"alex.wilber@contoso.com","parameterSet":"CallGroupNotification","parameters":{"GroupNotificationOverride":"Mute"},"reason":"t"}}}'
        (Read-Body (Invoke-Function $write))['result']['applied'] | Should -BeTrue
        (Read-Body (Invoke-Function $script:ReadAlex))['result']['GroupNotificationOverride'] | Should -Be 'Mute'
        @(Get-StandInCallLog | Where-Object Cmdlet -EQ 'Connect-MicrosoftTeams') | Should -HaveCount 1
    }
}

Describe 'the Functions profile (infra/teams-worker/profile.ps1)' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
        $script:Profile = Join-Path (Get-RepoRoot) 'infra' 'teams-worker' 'profile.ps1'

        <#
            Runs profile.ps1 in a child pwsh whose HOME is a fresh folder (so the certificate store it
            writes is the test's own), with Invoke-RestMethod standing in for the managed identity
            endpoint and Key Vault; then connects with the stand-in MicrosoftTeams module, which then
            looks the thumbprint up in CurrentUser\My as the real module does.
        #>
        function Invoke-Profile([string]$SecretValue, [hashtable]$Settings) {
            $folder = Join-Path $TestDrive ([guid]::NewGuid())
            $null = New-Item -ItemType Directory -Path $folder
            $child = Join-Path $folder 'child.ps1'
            Set-Content -LiteralPath $child -Value @'
$global:Requests = [System.Collections.Generic.List[object]]::new()
function Invoke-RestMethod([string]$Method, [string]$Uri, [hashtable]$Headers, [int]$TimeoutSec) {
    $global:Requests.Add([ordered]@{ Method = $Method; Uri = $Uri; Headers = $Headers })
    if ($Uri.StartsWith($env:IDENTITY_ENDPOINT)) { return [pscustomobject]@{ access_token = 'vault-token' } }
    return [pscustomobject]@{ value = $env:TEST_SECRET_VALUE }
}
. $env:TEST_PROFILE 3>&1 | ForEach-Object { $global:Requests.Add([ordered]@{ Warning = [string]$_ }) }
$connected = $false
if ($env:TEAMS_CERT_THUMBPRINT) {
    Import-Module MicrosoftTeams
    $env:CGM_STANDIN_CERT_STORE = '1'
    Connect-MicrosoftTeams -TenantId $env:TEAMS_TENANT_ID -ApplicationId $env:TEAMS_APP_ID -CertificateThumbprint $env:TEAMS_CERT_THUMBPRINT -ErrorAction Stop | Out-Null
    $connected = $true
}
ConvertTo-Json -Compress -Depth 5 -InputObject ([ordered]@{ thumbprint = $env:TEAMS_CERT_THUMBPRINT; connected = $connected; requests = $global:Requests })
'@
            $environment = @{
                HOME = $folder; TEST_PROFILE = $script:Profile; TEST_SECRET_VALUE = $SecretValue; CGM_STANDIN_TENANT = (Get-DemoTenantPath)
                IDENTITY_ENDPOINT = 'http://127.0.0.1:41000/msi/token'; IDENTITY_HEADER = 'identity-header'; AZURE_CLIENT_ID = 'client-id-1'
                TEAMS_CERT_KEY_VAULT_URI = 'https://cgm-vault.vault.azure.net/'; TEAMS_CERT_NAME = 'teams admin'; TEAMS_CERT_THUMBPRINT = ''
            }
            foreach ($key in $Settings.Keys) { $environment[$key] = $Settings[$key] }
            $result = Invoke-PwshScript @('-File', $child) $environment
            $result.ExitCode | Should -Be 0 -Because $result.Errors
            # The profile's own information line comes first; the child's JSON is the last line.
            $lines = @($result.Output.Trim() -split "`r?`n")
            $answer = $lines[-1] | ConvertFrom-Json -AsHashtable
            $answer['log'] = ($lines | Select-Object -SkipLast 1) -join "`n"
            return $answer
        }
        function New-Pfx([switch]$PublicOnly) {
            $rsa = [System.Security.Cryptography.RSA]::Create(2048)
            $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=cgm-teams-admin', $rsa, 'SHA256', [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
            $certificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddDays(-1), [DateTimeOffset]::UtcNow.AddDays(30))
            $bytes = if ($PublicOnly) { $certificate.Export('Cert') } else { $certificate.Export('Pfx') }
            [pscustomobject]@{ Value = [Convert]::ToBase64String($bytes); Thumbprint = $certificate.Thumbprint }
        }
    }

    It 'loads the certificate from Key Vault with the managed identity into CurrentUser\My, so the worker connects with its thumbprint' {
        $pfx = New-Pfx
        $result = Invoke-Profile $pfx.Value @{}
        $result['thumbprint'] | Should -Be $pfx.Thumbprint
        $result['log'] | Should -Match "certificate 'teams admin' loaded \(thumbprint $($pfx.Thumbprint)"
        $result['connected'] | Should -BeTrue
        $token = $result['requests'][0]
        $token['Uri'] | Should -Match '^http://127\.0\.0\.1:41000/msi/token\?resource=https%3A%2F%2Fvault\.azure\.net&api-version=2019-08-01&client_id=client-id-1$'
        $token['Headers']['X-IDENTITY-HEADER'] | Should -Be 'identity-header'
        $secret = $result['requests'][1]
        $secret['Uri'] | Should -Be 'https://cgm-vault.vault.azure.net/secrets/teams%20admin?api-version=7.4'
        $secret['Headers']['Authorization'] | Should -Be 'Bearer vault-token'
    }

    It 'leaves the thumbprint unset, with a warning, when the secret holds no private key' {
        $result = Invoke-Profile (New-Pfx -PublicOnly).Value @{}
        $result['thumbprint'] | Should -BeNullOrEmpty
        ($result['requests'] | Where-Object { $_.Contains('Warning') } | ForEach-Object { $_['Warning'] }) | Should -Match 'holds no private key'
    }

    It 'leaves the thumbprint unset, with a warning and no request, when the vault is not configured' {
        $result = Invoke-Profile '' @{ TEAMS_CERT_KEY_VAULT_URI = '' }
        $result['thumbprint'] | Should -BeNullOrEmpty
        @($result['requests']) | Should -HaveCount 1
        $result['requests'][0]['Warning'] | Should -Match 'TEAMS_CERT_KEY_VAULT_URI or TEAMS_CERT_NAME is not set'
    }
}
