using FtpLite.FileSystem;
using FtpLite.Protocol;

namespace FtpLite.Server.Listings;

/// <summary>What LIST, NLST, MLSD and STAT share: reading the argument and finding the entries.</summary>
internal static class Listing
{
    /// <summary>
    /// Resolves a listing argument (Unix-style options such as "-la" are skipped) to the entries to show:
    /// a directory's contents, streamed, or the single entry for a file. Replies and returns null on failure;
    /// the caller disposes the entries.
    /// </summary>
    public static async Task<(string Path, ListingEntries Entries, bool IsDirectory)?> ResolveAsync(
        FtpConnection connection, string argument, CancellationToken cancellationToken, bool directoryOnly = false)
    {
        var target = SkipOptions(argument);
        var path = connection.ResolvePath(target);
        if (path is null)
        {
            await connection.ReplyAsync(501, FtpReplyText.InvalidPath).ConfigureAwait(false);
            return null;
        }

        var entry = await connection.FileSystem.GetEntryAsync(path, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            await connection.ReplyAsync(550, FtpReplyText.NoSuchFile).ConfigureAwait(false);
            return null;
        }

        if (!entry.IsDirectory)
        {
            if (directoryOnly)
            {
                await connection.ReplyAsync(501, "Not a directory.").ConfigureAwait(false);
                return null;
            }

            var single = entry with { Name = FtpPath.GetName(path) };
            return (path, await ListingEntries.OpenAsync(_ => new[] { single }.ToAsyncEnumerable(), cancellationToken).ConfigureAwait(false), false);
        }

        var fileSystem = connection.FileSystem;
        var entries = await ListingEntries.OpenAsync(token => fileSystem.ListAsync(path, token), cancellationToken).ConfigureAwait(false);
        return (path, entries, true);
    }

    /// <summary>
    /// Sends one line per entry over the data connection, CRLF-terminated, UTF-8, as the entries come: the first
    /// lines are on their way while the file system still reads the folder. The entries are disposed however the
    /// transfer ends.
    /// </summary>
    public static Task SendAsync(FtpConnection connection, string path, ListingEntries entries, Func<FtpFileSystemEntry, string> format) =>
        connection.Transfers.StartAsync("Here comes the directory listing.", entries, async (data, token) =>
        {
            var writer = new StreamWriter(data.Stream, new System.Text.UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
            await using (writer.ConfigureAwait(false))
            {
                long bytes = 0;
                var reader = entries.ReadAsync(token).GetAsyncEnumerator(token);
                await using var readerScope = reader.ConfigureAwait(false);
                while (true)
                {
                    // Whenever the file system has to wait (a store's next page), the client gets what is read so far.
                    var next = reader.MoveNextAsync();
                    if (!next.IsCompleted)
                    {
                        await FlushWhileReadingAsync(writer, next, token).ConfigureAwait(false);
                    }

                    if (!await next.ConfigureAwait(false))
                    {
                        break;
                    }

                    var line = format(reader.Current);
                    await writer.WriteLineAsync(line.AsMemory(), token).ConfigureAwait(false);
                    bytes += writer.Encoding.GetByteCount(line) + 2;
                }

                await writer.FlushAsync(token).ConfigureAwait(false);
                return bytes;
            }
        }, FtpServerEventKind.Listing, path);

    /// <summary>
    /// Flushes while the next entry is read. A flush that fails (ABOR or a stall cancels it, the client left) first
    /// waits for that read to end (the same cancellation stops it): an enumerator cannot be disposed with a read
    /// under way, and that error would hide the abort's own (a 451 "local error" instead of the 426 for ABOR).
    /// </summary>
    private static async Task FlushWhileReadingAsync(StreamWriter writer, ValueTask<bool> next, CancellationToken cancellationToken)
    {
        try
        {
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            try
            {
                await next.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or FtpFileSystemException)
            {
                // The flush's own error is the one that tells what happened.
            }

            throw;
        }
    }

    private static string SkipOptions(string argument)
    {
        var rest = argument.TrimStart();
        while (rest.StartsWith('-'))
        {
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                return string.Empty;
            }

            rest = rest[(space + 1)..].TrimStart();
        }

        return rest;
    }
}
