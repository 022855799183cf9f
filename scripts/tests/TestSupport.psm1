<#
    What the Pester tests share: the repository's paths, the STAND-IN MicrosoftTeams module on
    PSModulePath with a tenant loaded, and child pwsh processes (the stdio worker, the export
    script) with the stand-in's environment.
#>
Set-StrictMode -Version 3.0

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path
$script:StandInModules = Join-Path $PSScriptRoot 'StandIn.MicrosoftTeams'
$script:DemoTenantPath = Join-Path $script:RepoRoot 'bot' 'data' 'demo-tenant.json'
$script:DemoTenantId = '3a7c5e91-2b4d-4f68-9c1e-6d8f0a2b4c60'

function Get-RepoRoot { $script:RepoRoot }
function Get-DemoTenantPath { $script:DemoTenantPath }
function Get-DemoTenantId { $script:DemoTenantId }

<# The worker's settings, as the server passes them (a thumbprint of the right form; the stand-in checks the store only when asked). #>
function Get-WorkerEnvironment {
    [ordered]@{ TEAMS_TENANT_ID = $script:DemoTenantId; TEAMS_APP_ID = '11111111-2222-3333-4444-555555555555'; TEAMS_CERT_THUMBPRINT = 'A' * 40 }
}

<# Put the stand-in module first on PSModulePath (so `Import-Module MicrosoftTeams` finds it) and serve -TenantPath. #>
function Initialize-StandInTeams([string]$TenantPath = $script:DemoTenantPath) {
    $paths = @($env:PSModulePath -split [System.IO.Path]::PathSeparator | Where-Object { $_ -and $_ -ne $script:StandInModules })
    $env:PSModulePath = (@($script:StandInModules) + $paths) -join [System.IO.Path]::PathSeparator
    foreach ($entry in (Get-WorkerEnvironment).GetEnumerator()) { Set-Item -Path "Env:$($entry.Key)" -Value $entry.Value }
    Import-Module MicrosoftTeams -Force -Global
    $module = Get-Module MicrosoftTeams
    if ($module.Path -notlike "$script:StandInModules*") { throw "The MicrosoftTeams module loaded from $($module.Path), not the stand-in." }
    Import-StandInTenant -Path $TenantPath
}

<# A tenant snapshot file made from the demo tenant and changed by -Change (a scriptblock given the parsed snapshot). #>
function New-TenantFile([string]$Path, [scriptblock]$Change = {}) {
    $snapshot = Get-Content -LiteralPath $script:DemoTenantPath -Raw | ConvertFrom-Json -AsHashtable -DateKind String
    & $Change $snapshot
    [System.IO.File]::WriteAllText($Path, (ConvertTo-Json -InputObject $snapshot -Depth 20))
    return $Path
}

<# The pwsh to start children with: CGM_PWSH, else setup:tools' copy, else the one on PATH (this process may be `dotnet pwsh.dll`). #>
function Get-PwshPath {
    if (-not [string]::IsNullOrWhiteSpace($env:CGM_PWSH)) { return $env:CGM_PWSH }
    $tools = Join-Path $script:RepoRoot '.tools' 'pwsh' 'pwsh'
    if (Test-Path -LiteralPath $tools) { return $tools }
    return (Get-Command pwsh -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
}

<# A pwsh child process with the stand-in's environment, its stdio redirected. #>
function Start-PwshProcess([string[]]$Arguments, [System.Collections.IDictionary]$Environment = @{}) {
    $info = [System.Diagnostics.ProcessStartInfo]::new((Get-PwshPath))
    foreach ($argument in @('-NoLogo', '-NoProfile', '-NonInteractive') + $Arguments) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.UseShellExecute = $false
    $info.WorkingDirectory = $script:RepoRoot
    $info.Environment['PSModulePath'] = $script:StandInModules
    foreach ($entry in (Get-WorkerEnvironment).GetEnumerator()) { $info.Environment[$entry.Key] = $entry.Value }
    foreach ($key in $Environment.Keys) { $info.Environment[$key] = [string]$Environment[$key] }
    return [System.Diagnostics.Process]::Start($info)
}

<# Run a pwsh script to its end: { ExitCode, Output, Errors }. #>
function Invoke-PwshScript([string[]]$Arguments, [System.Collections.IDictionary]$Environment = @{}, [int]$TimeoutSeconds = 120) {
    $process = Start-PwshProcess $Arguments $Environment
    $process.StandardInput.Close()
    $stdout = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) { $process.Kill($true); throw "pwsh $($Arguments -join ' ') did not finish in $TimeoutSeconds s." }
    [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.GetAwaiter().GetResult(); Errors = $stderr.GetAwaiter().GetResult() }
}

<# The next line the process writes on stdout, or an exception after -TimeoutSeconds. #>
function Read-ProcessLine([System.Diagnostics.Process]$Process, [int]$TimeoutSeconds = 60) {
    $read = $Process.StandardOutput.ReadLineAsync()
    if (-not $read.Wait($TimeoutSeconds * 1000)) { throw "No line from pid $($Process.Id) within $TimeoutSeconds s." }
    return $read.Result
}

Export-ModuleMember -Function Get-PwshPath, Get-RepoRoot, Get-DemoTenantPath, Get-DemoTenantId, Get-WorkerEnvironment, Initialize-StandInTeams, New-TenantFile, Start-PwshProcess, Invoke-PwshScript, Read-ProcessLine
