#Requires -Version 7.2
<#
.SYNOPSIS
    The Teams worker as an Azure Functions HTTP entry: the same dispatch as the stdio
    worker (TeamsWorker.Dispatch.ps1), one request per POST.

.DESCRIPTION
    Production hosts the worker here because App Service's Node image has no PowerShell.
    The server's https transport POSTs the request JSON with a bearer token of its managed
    identity. authLevel is anonymous because App Service Authentication (Easy Auth) must
    validate that token before this script runs; as a second check, the caller's object
    id that Easy Auth puts in X-MS-CLIENT-PRINCIPAL-ID must equal
    TEAMS_WORKER_ALLOWED_CALLER_ID, and nothing runs when that setting is missing.

    Answers (httpStatusFor in protocol.ts): 429 with Retry-After for throttled, 503 for
    transient, 200 for everything else; the body is always the protocol response.
#>
param($Request, $TriggerMetadata)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

. (Join-Path $PSScriptRoot '..' 'TeamsWorker.Dispatch.ps1')
$script:TeamsWorkerLogSink = { param([string]$Message) Write-Information $Message -InformationAction Continue }

function Send-WorkerAnswer([int]$Status, [string]$Body, [hashtable]$Headers = @{}) {
    Push-OutputBinding -Name Response -Value ([HttpResponseContext]@{
            StatusCode  = $Status
            ContentType = 'application/json'
            Headers     = $Headers
            Body        = $Body
        })
}

$allowedCaller = $env:TEAMS_WORKER_ALLOWED_CALLER_ID
$caller = $Request.Headers['X-MS-CLIENT-PRINCIPAL-ID']
if ([string]::IsNullOrWhiteSpace($allowedCaller)) {
    Write-TeamsWorkerLog 'Refused a call: TEAMS_WORKER_ALLOWED_CALLER_ID is not set.'
    Send-WorkerAnswer 500 '{"error":"The worker is not configured."}'
    return
}
if ($caller -ne $allowedCaller) {
    Write-TeamsWorkerLog "Refused a call from principal '$caller'."
    Send-WorkerAnswer 403 '{"error":"This caller may not use the worker."}'
    return
}

# RawBody is the text as sent; Body may already be a hashtable the Functions host parsed.
$text = $Request.RawBody
if ($text -isnot [string]) { $text = if ($Request.Body -is [string]) { $Request.Body } else { '' } }

$response = Invoke-TeamsWorkerLine $text
if ($null -eq $response) {
    Send-WorkerAnswer 400 '{"error":"The body is not a worker request."}'
    return
}

$status = 200
$headers = @{}
if (-not $response.ok) {
    $kind = $response.error.kind
    if ($kind -eq 'throttled') {
        $status = 429
        if ($response.error.Contains('retryAfterMs')) { $headers['Retry-After'] = [string][Math]::Ceiling($response.error.retryAfterMs / 1000) }
    } elseif ($kind -eq 'transient') {
        $status = 503
    }
}
Send-WorkerAnswer $status (ConvertTo-TeamsWorkerJson $response) $headers
