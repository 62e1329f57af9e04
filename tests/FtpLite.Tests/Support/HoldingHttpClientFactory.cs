namespace FtpLite.Tests.Support;

/// <summary>
/// HTTP for an S3 client that holds back the store's answer to the first request <paramref name="hold"/> picks:
/// the request reaches the store and is carried out there, but the client sees the answer only once the test
/// calls <see cref="Release"/>, unless the request's own cancellation comes first. A test can so cancel a request
/// the store has already acted on, in that order every time, without a clock.
/// </summary>
public sealed class HoldingHttpClientFactory(Func<HttpRequestMessage, bool> hold) : InterceptingHttpClientFactory
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<HttpRequestMessage, bool> _hold = hold;
    private int _taken;

    /// <summary>Completes when the store has answered the held request.</summary>
    public Task Held => _held.Task;

    public void Release() => _release.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> toStore, CancellationToken cancellationToken)
    {
        if (!_hold(request) || Interlocked.Exchange(ref _taken, 1) == 1)
        {
            return await toStore(request, cancellationToken);
        }

        // Carried out by the store whatever the caller's token does meanwhile, as a request already sent is.
        var response = await toStore(request, CancellationToken.None);
        _held.TrySetResult();
        try
        {
            await _release.Task.WaitAsync(cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
