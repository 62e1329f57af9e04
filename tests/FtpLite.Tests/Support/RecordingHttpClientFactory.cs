using System.Collections.Concurrent;
using Amazon.Runtime;

namespace FtpLite.Tests.Support;

/// <summary>
/// HTTP for an S3 client that notes how each request went on the wire (method, path, the headers that say how the
/// body is sent) before passing it to the store unchanged.
/// </summary>
public sealed class RecordingHttpClientFactory : HttpClientFactory
{
    private readonly ConcurrentQueue<SentRequest> _sent = new();

    /// <summary>The requests sent so far, oldest first.</summary>
    public IReadOnlyList<SentRequest> Sent => [.. _sent];

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this));

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    /// <summary>One request: its Expect: 100-continue, x-amz-content-sha256 and Content-Encoding as sent.</summary>
    public sealed record SentRequest(HttpMethod Method, string Path, bool ExpectContinue, string? ContentSha256, string? ContentEncoding);

    private sealed class Handler(RecordingHttpClientFactory owner) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            owner._sent.Enqueue(new SentRequest(
                request.Method,
                request.RequestUri!.AbsolutePath,
                request.Headers.ExpectContinue == true,
                request.Headers.TryGetValues("x-amz-content-sha256", out var sha) ? sha.Single() : null,
                request.Content?.Headers.ContentEncoding.FirstOrDefault()));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
