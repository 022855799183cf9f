#Requires -Version 7.2
<#
.SYNOPSIS
    Classifies a failed Teams call into the protocol's error kinds (protocol.ts):
    throttled (HTTP 429, "throttl"; with Retry-After when the service sent one),
    transient (timeouts, 5xx, network), not-found ("not found", "Management object not
    found", HTTP 404) and rejected (anything else, with the service's own message).
    Dot-sourced by TeamsWorker.Dispatch.ps1.
#>

Set-StrictMode -Version 3.0

$script:MaxErrorMessageLength = 2000

<# The exception and everything inside it (AggregateException, InnerException chains). #>
function Get-ExceptionChain([System.Exception]$Exception) {
    $seen = [System.Collections.Generic.List[System.Exception]]::new()
    $next = $Exception
    while ($null -ne $next -and $seen.Count -lt 10) {
        $seen.Add($next)
        $next = $next.InnerException
    }
    return , $seen.ToArray()
}

<# The HTTP status the service answered, when the exception carries one. #>
function Get-HttpStatus([System.Exception[]]$Chain, [string]$Text) {
    foreach ($exception in $Chain) {
        $response = Get-OptionalProperty $exception 'Response'
        $status = Get-OptionalProperty $response 'StatusCode'
        if ($null -eq $status) { $status = Get-OptionalProperty $exception 'StatusCode' }
        if ($status -is [System.Net.HttpStatusCode] -or $status -is [int]) { return [int]$status }
        $number = 0
        if ($null -ne $status -and [int]::TryParse([string]$status, [ref]$number)) { return $number }
    }
    # Some Teams cmdlets only put the status in the message, e.g. "Response status code does not indicate success: 429".
    if ($Text -match '(?i)(status code|statuscode|HTTP)\D{0,40}\b([45]\d\d)\b') { return [int]$Matches[2] }
    return $null
}

<# Retry-After in milliseconds, from the response headers or the message. #>
function Get-RetryAfterMs([System.Exception[]]$Chain, [string]$Text) {
    foreach ($exception in $Chain) {
        # The module's generated cmdlets throw AutoRest's RestException, which keeps the headers
        # in ResponseHeaders; other HTTP exceptions carry a Response with Headers.
        # Read without Get-OptionalProperty: returning a headers collection from a function unrolls it.
        $headers = $exception.PSObject.Properties['ResponseHeaders']?.Value
        $response = $exception.PSObject.Properties['Response']?.Value
        if ($null -eq $headers -and $null -ne $response) { $headers = $response.PSObject.Properties['Headers']?.Value }
        $retryAfter = if ($null -ne $headers) { $headers.PSObject.Properties['RetryAfter']?.Value } else { $null }
        $delta = Get-OptionalProperty $retryAfter 'Delta'
        if ($null -ne $delta) { return [long]([TimeSpan]$delta).TotalMilliseconds }
        $date = Get-OptionalProperty $retryAfter 'Date'
        if ($null -ne $date) { return [long][Math]::Max(0, ([DateTimeOffset]$date - [DateTimeOffset]::UtcNow).TotalMilliseconds) }
    }
    if ($Text -match '(?i)Retry-After\D{0,5}(\d+)') { return [long]$Matches[1] * 1000 }
    return $null
}

function Test-IsTransientException([System.Exception[]]$Chain) {
    foreach ($exception in $Chain) {
        if ($exception -is [System.TimeoutException] -or $exception -is [System.Threading.Tasks.TaskCanceledException] -or
            $exception -is [System.Net.Http.HttpRequestException] -or $exception -is [System.Net.Sockets.SocketException] -or
            $exception -is [System.IO.IOException]) { return $true }
    }
    return $false
}

<# The protocol error for a caught ErrorRecord: { kind, message, retryAfterMs? }. #>
function ConvertTo-TeamsWorkerError([System.Management.Automation.ErrorRecord]$Record) {
    $chain = Get-ExceptionChain $Record.Exception
    $details = Get-OptionalProperty $Record.ErrorDetails 'Message'
    # The service's words first: ErrorDetails holds the body of the Teams admin API's answer.
    $message = if (-not [string]::IsNullOrWhiteSpace($details)) { $details } else { $Record.Exception.Message }
    if ($message.Length -gt $script:MaxErrorMessageLength) { $message = $message.Substring(0, $script:MaxErrorMessageLength) }
    $text = (@($chain | ForEach-Object { $_.Message }) + @($details, $Record.FullyQualifiedErrorId)) -join ' | '

    if ($Record.Exception.Data.Contains('TeamsWorkerRefusal')) {
        return [ordered]@{ kind = 'rejected'; message = $Record.Exception.Message }
    }
    $status = Get-HttpStatus $chain $text
    if ($status -eq 429 -or $text -match '(?i)throttl|too many requests') {
        $error429 = [ordered]@{ kind = 'throttled'; message = $message }
        $retryAfterMs = Get-RetryAfterMs $chain $text
        if ($null -ne $retryAfterMs) { $error429['retryAfterMs'] = $retryAfterMs }
        return $error429
    }
    # An expired or revoked session: connect again on the next request.
    if ($status -eq 401 -or $text -match '(?i)Connect-MicrosoftTeams|Unauthorized|token.{0,20}expired') {
        $global:CgmTeamsWorkerConnected = $false
        return [ordered]@{ kind = 'transient'; message = $message }
    }
    if (($null -ne $status -and ($status -eq 408 -or $status -ge 500)) -or (Test-IsTransientException $chain) -or
        $text -match '(?i)timed? ?out|temporarily unavailable|service unavailable|bad gateway|gateway timeout|internal server error') {
        return [ordered]@{ kind = 'transient'; message = $message }
    }
    if ($status -eq 404 -or $text -match '(?i)not found|could not be found|couldn''t find|does not exist') {
        return [ordered]@{ kind = 'not-found'; message = $message }
    }
    return [ordered]@{ kind = 'rejected'; message = $message }
}
