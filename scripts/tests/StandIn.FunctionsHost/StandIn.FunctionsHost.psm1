<#
    STAND-IN for what the Azure Functions PowerShell worker gives a function, for tests only:
    the HttpRequestContext and HttpResponseContext types (with the type accelerators the worker
    registers) and Push-OutputBinding, which here only records what was pushed. Shapes from the
    worker's source (azure-functions-powershell-worker, src/Http/HttpRequestContext.cs and
    HttpResponseContext.cs): request headers are a case-insensitive Dictionary<string,string>,
    RawBody is the body as sent.
#>
Set-StrictMode -Version 3.0

if (-not ('Microsoft.Azure.Functions.PowerShellWorker.HttpResponseContext' -as [type])) {
    Add-Type -TypeDefinition @'
using System;
using System.Collections;
using System.Collections.Generic;
using System.Net;

namespace Microsoft.Azure.Functions.PowerShellWorker
{
    public class HttpRequestContext
    {
        public HttpRequestContext()
        {
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            Params = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            Query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }
        public string Method { get; set; }
        public string Url { get; set; }
        public Dictionary<string, string> Headers { get; private set; }
        public Dictionary<string, string> Params { get; private set; }
        public Dictionary<string, string> Query { get; private set; }
        public object Body { get; set; }
        public object RawBody { get; set; }
    }

    public class HttpResponseContext
    {
        public bool EnableContentNegotiation { get; set; }
        public string ContentType { get; set; } = "text/plain";
        public HttpStatusCode StatusCode { get; set; } = HttpStatusCode.OK;
        public IDictionary Headers { get; set; }
        public object Body { get; set; }
    }
}
'@
    $accelerators = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')
    $accelerators::Add('HttpResponseContext', [Microsoft.Azure.Functions.PowerShellWorker.HttpResponseContext])
    $accelerators::Add('HttpRequestContext', [Microsoft.Azure.Functions.PowerShellWorker.HttpRequestContext])
}

$script:Pushed = [System.Collections.Generic.List[object]]::new()

<# Push-OutputBinding as the worker defines it (-Name, -Value, -Clobber); records the value. #>
function Push-OutputBinding {
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)] [string]$Name, [Parameter(Mandatory, Position = 1, ValueFromPipeline)] [object]$Value, [switch]$Clobber)
    $script:Pushed.Add([pscustomobject]@{ Name = $Name; Value = $Value })
}

<# STAND-IN only: what the function pushed since the last call, and forget it. #>
function Get-StandInOutputBinding {
    $pushed = $script:Pushed.ToArray()
    $script:Pushed.Clear()
    return $pushed
}

<# STAND-IN only: an HTTP request as the worker builds it. #>
function New-StandInHttpRequest([string]$RawBody, [System.Collections.IDictionary]$Headers = @{}) {
    $request = [Microsoft.Azure.Functions.PowerShellWorker.HttpRequestContext]::new()
    $request.Method = 'POST'
    $request.Url = 'https://teams-worker.azurewebsites.net/api/TeamsWorkerFunction'
    foreach ($key in $Headers.Keys) { $request.Headers[$key] = [string]$Headers[$key] }
    $request.RawBody = $RawBody
    $request.Body = $RawBody
    return $request
}

Export-ModuleMember -Function Push-OutputBinding, Get-StandInOutputBinding, New-StandInHttpRequest
