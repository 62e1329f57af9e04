using System.Net;
using System.Text;

namespace FtpLite.Tests.Support;

/// <summary>
/// HTTP for an S3 client that answers the first CopyObject carrying a source condition (x-amz-copy-source-if-match)
/// with 412 PreconditionFailed, as AWS and MinIO answer when the source is no longer that version; every other
/// request goes to the store. Ceph 16's gateway ignores the condition, so without this a test on it never sees the
/// refusal; the test makes the refusal true (another node replaces the object first).
/// </summary>
public sealed class CopyConditionRefusingHttpClientFactory : InterceptingHttpClientFactory
{
    private int _refused;

    /// <summary>How many copies were refused (0 or 1).</summary>
    public int Refused => Volatile.Read(ref _refused);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> toStore, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Put || !request.Headers.Contains("x-amz-copy-source-if-match") || Interlocked.Exchange(ref _refused, 1) == 1)
        {
            return toStore(request, cancellationToken);
        }

        const string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>PreconditionFailed</Code>"
            + "<Message>At least one of the pre-conditions you specified did not hold</Message>"
            + "<Condition>x-amz-copy-source-If-Match</Condition><RequestId>refused-by-test</RequestId></Error>";
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.PreconditionFailed)
        {
            RequestMessage = request,
            Content = new StringContent(body, Encoding.UTF8, "application/xml"),
        });
    }
}
