using Amazon.Runtime;

namespace FtpLite.Tests.Support;

/// <summary>
/// HTTP for an S3 client whose every request passes through <see cref="SendAsync"/> on its way to the store, so that a
/// test can watch, hold back or answer it. No client is cached across S3 clients: each gets this factory's handler.
/// </summary>
public abstract class InterceptingHttpClientFactory : HttpClientFactory
{
    public sealed override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this));

    public sealed override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    /// <summary>Handles one request; <paramref name="toStore"/> sends it to the store.</summary>
    protected abstract Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> toStore, CancellationToken cancellationToken);

    private sealed class Handler(InterceptingHttpClientFactory owner) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            owner.SendAsync(request, base.SendAsync, cancellationToken);
    }
}
