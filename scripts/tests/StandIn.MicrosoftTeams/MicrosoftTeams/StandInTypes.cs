// STAND-IN types of the MicrosoftTeams module, for tests only: the few .NET types the
// worker's scripts meet, in the namespaces and shapes the real module's generated code
// (AutoRest for PowerShell) uses. Compiled by MicrosoftTeams.psm1 with Add-Type.
using System;
using System.Collections;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;

namespace Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Models
{
    // Set-CsUserCallingSettings -GroupMembershipDetails takes ICallGroupMembershipDetails[];
    // the reference's Example 8 casts hashtables to it, which works through this converter
    // (AutoRest generates one per model and puts it on the interface).
    [System.ComponentModel.TypeConverter(typeof(CallGroupMembershipDetailsTypeConverter))]
    public interface ICallGroupMembershipDetails
    {
        string CallGroupOwnerId { get; set; }
        string NotificationSetting { get; set; }
    }

    public class CallGroupMembershipDetails : ICallGroupMembershipDetails
    {
        public string CallGroupOwnerId { get; set; }
        public string NotificationSetting { get; set; }
        public override string ToString() { return "CallGroupOwnerId:" + CallGroupOwnerId; }
    }

    public class CallGroupMembershipDetailsTypeConverter : PSTypeConverter
    {
        public override bool CanConvertFrom(object sourceValue, Type destinationType) { return sourceValue is IDictionary || sourceValue is PSObject; }
        public override bool CanConvertTo(object sourceValue, Type destinationType) { return false; }
        public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) { return null; }

        public override object ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase)
        {
            var table = sourceValue as IDictionary;
            var result = new CallGroupMembershipDetails();
            if (table != null)
            {
                foreach (DictionaryEntry entry in table)
                {
                    var key = Convert.ToString(entry.Key);
                    var value = entry.Value == null ? null : Convert.ToString(entry.Value);
                    if (string.Equals(key, "CallGroupOwnerId", StringComparison.OrdinalIgnoreCase)) result.CallGroupOwnerId = value;
                    else if (string.Equals(key, "NotificationSetting", StringComparison.OrdinalIgnoreCase)) result.NotificationSetting = value;
                    else throw new InvalidCastException("ICallGroupMembershipDetails has no property '" + key + "'.");
                }
                return result;
            }
            var psObject = (PSObject)sourceValue;
            result.CallGroupOwnerId = Convert.ToString(psObject.Properties["CallGroupOwnerId"]?.Value);
            result.NotificationSetting = Convert.ToString(psObject.Properties["NotificationSetting"]?.Value);
            return result;
        }
    }
}

namespace Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Runtime
{
    // The type of -HttpPipelinePrepend / -HttpPipelineAppend (a step of the HTTP pipeline); the
    // real one takes the module's IEventListener and ISendAsync, which nothing here needs.
    public delegate System.Threading.Tasks.Task<HttpResponseMessage> SendAsyncStep(HttpRequestMessage request, object callback, object next);

    // What the module's generated cmdlets put in an ErrorRecord when the service answers an
    // error: AutoRest's RestException, with the status and the response headers (Retry-After).
    public class RestException : Exception
    {
        public HttpStatusCode StatusCode { get; set; }
        public string Code { get; protected set; }
        public HttpRequestMessage RequestMessage { get; protected set; }
        public HttpResponseHeaders ResponseHeaders { get; protected set; }
        public string ResponseBody { get; protected set; }
        public string ClientRequestId { get; protected set; }
        public string RequestId { get; protected set; }
        public string Action { get; protected set; }

        public RestException(HttpStatusCode status, string code, string message, int retryAfterSeconds) : base(message)
        {
            StatusCode = status;
            Code = code;
            var response = new HttpResponseMessage(status);
            if (retryAfterSeconds >= 0) response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
            ResponseHeaders = response.Headers;
            RequestId = Guid.NewGuid().ToString();
            ClientRequestId = Guid.NewGuid().ToString();
            ResponseBody = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"}}";
        }
    }
}
