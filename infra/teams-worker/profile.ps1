#Requires -Version 7.2
<#
.SYNOPSIS
    Azure Functions profile of the Teams worker: runs once when a PowerShell worker process
    starts, before any request.

.DESCRIPTION
    The worker connects with Connect-MicrosoftTeams -CertificateThumbprint, which reads the
    current user's certificate store (TeamsWorker.Dispatch.ps1). On Linux, App Service puts
    no certificate there, so this profile reads the Teams admin certificate from Key Vault
    with the function app's user-assigned managed identity and adds it to the process's own
    CurrentUser\My store, then sets TEAMS_CERT_THUMBPRINT to its thumbprint.

    Settings (infra/modules/teamsWorker.bicep): TEAMS_CERT_KEY_VAULT_URI, TEAMS_CERT_NAME,
    AZURE_CLIENT_ID (the identity to use); IDENTITY_ENDPOINT and IDENTITY_HEADER are set by
    App Service. The certificate must be imported into Key Vault as PKCS#12 (PFX): the
    certificate's private key is then readable as the secret of the same name.

    On failure the worker still starts; its first request answers `rejected` with
    "TEAMS_CERT_THUMBPRINT is not set", and the reason is in the log.
#>
Set-StrictMode -Version 3.0

function Get-ManagedIdentityToken([string]$Resource) {
    $query = "resource=$([uri]::EscapeDataString($Resource))&api-version=2019-08-01&client_id=$([uri]::EscapeDataString($env:AZURE_CLIENT_ID))"
    $answer = Invoke-RestMethod -Method Get -Uri "$($env:IDENTITY_ENDPOINT)?$query" -Headers @{ 'X-IDENTITY-HEADER' = $env:IDENTITY_HEADER } -TimeoutSec 30
    return $answer.access_token
}

function Import-TeamsAdminCertificate {
    $vault = $env:TEAMS_CERT_KEY_VAULT_URI
    $name = $env:TEAMS_CERT_NAME
    if ([string]::IsNullOrWhiteSpace($vault) -or [string]::IsNullOrWhiteSpace($name)) {
        Write-Warning 'Teams admin certificate not loaded: TEAMS_CERT_KEY_VAULT_URI or TEAMS_CERT_NAME is not set.'
        return
    }
    $token = Get-ManagedIdentityToken 'https://vault.azure.net'
    $secretUri = "$($vault.TrimEnd('/'))/secrets/$([uri]::EscapeDataString($name))?api-version=7.4"
    $secret = Invoke-RestMethod -Method Get -Uri $secretUri -Headers @{ Authorization = "Bearer $token" } -TimeoutSec 30
    $flags = [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::Exportable -bor [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::PersistKeySet
    $certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new([Convert]::FromBase64String($secret.value), [string]$null, $flags)
    if (-not $certificate.HasPrivateKey) { throw "The Key Vault secret '$name' holds no private key: import the certificate as PFX." }
    $store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')
    $store.Open([System.Security.Cryptography.X509Certificates.OpenFlags]::ReadWrite)
    try { $store.Add($certificate) } finally { $store.Close() }
    $env:TEAMS_CERT_THUMBPRINT = $certificate.Thumbprint
    Write-Information "Teams admin certificate '$name' loaded (thumbprint $($certificate.Thumbprint), expires $($certificate.NotAfter.ToString('yyyy-MM-dd')))." -InformationAction Continue
}

try {
    Import-TeamsAdminCertificate
} catch {
    Write-Warning "Teams admin certificate not loaded: $($_.Exception.Message)"
}
