using System.Runtime.CompilerServices;
using FtpLite.FileSystem;

namespace FtpLite.Server.Listings;

/// <summary>
/// A listing's entries as the file system streams them. The first is read when the listing is opened, before
/// the data connection is, so a folder that cannot be listed gets its 550 rather than a 150 and an empty
/// listing; the rest are read while the lines go out, one page at a time, never all held.
/// </summary>
internal sealed class ListingEntries : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly IAsyncEnumerator<FtpFileSystemEntry> _reader;
    private readonly bool _any;

    private ListingEntries(CancellationTokenSource cancel, IAsyncEnumerator<FtpFileSystemEntry> reader, bool any)
    {
        _cancel = cancel;
        _reader = reader;
        _any = any;
    }

    /// <summary>Starts reading <paramref name="source"/>; what is wrong with the folder itself is thrown here.</summary>
    public static async Task<ListingEntries> OpenAsync(Func<CancellationToken, IAsyncEnumerable<FtpFileSystemEntry>> source, CancellationToken cancellationToken)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        IAsyncEnumerator<FtpFileSystemEntry>? reader = null;
        try
        {
            reader = source(cancel.Token).GetAsyncEnumerator(cancel.Token);
            var any = await reader.MoveNextAsync().ConfigureAwait(false);
            return new ListingEntries(cancel, reader, any);
        }
        catch
        {
            if (reader is not null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            cancel.Dispose();
            throw;
        }
    }

    /// <summary>The entries, once. <paramref name="cancellationToken"/> (the transfer's: ABOR, a stall) also stops a read under way.</summary>
    public async IAsyncEnumerable<FtpFileSystemEntry> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = cancellationToken.Register(static cancel => ((CancellationTokenSource)cancel!).Cancel(), _cancel);
        for (var more = _any; more; more = await _reader.MoveNextAsync().ConfigureAwait(false))
        {
            yield return _reader.Current;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync().ConfigureAwait(false);
        _cancel.Dispose();
    }
}
