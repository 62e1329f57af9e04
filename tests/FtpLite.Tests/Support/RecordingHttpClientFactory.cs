using System.Collections.Concurrent;

namespace FtpLite.Tests.Support;

/// <summary>
/// HTTP for an S3 client that notes how each request went on the wire (method, path, the headers that say how the
/// body is sent) before passing it to the store unchanged.
/// </summary>
public sealed class RecordingHttpClientFactory : InterceptingHttpClientFactory
{
    private readonly ConcurrentQueue<SentRequest> _sent = new();

    /// <summary>The requests sent so far, oldest first.</summary>
    public IReadOnlyList<SentRequest> Sent => [.. _sent];

    /// <summary>One request: its Expect: 100-continue, x-amz-content-sha256 and Content-Encoding as sent.</summary>
    public sealed record SentRequest(HttpMethod Method, string Path, bool ExpectContinue, string? ContentSha256, string? ContentEncoding);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> toStore, CancellationToken cancellationToken)
    {
        _sent.Enqueue(new SentRequest(
            request.Method,
            request.RequestUri!.AbsolutePath,
            request.Headers.ExpectContinue == true,
            request.Headers.TryGetValues("x-amz-content-sha256", out var sha) ? sha.Single() : null,
            request.Content?.Headers.ContentEncoding.FirstOrDefault()));
        return toStore(request, cancellationToken);
    }
}
