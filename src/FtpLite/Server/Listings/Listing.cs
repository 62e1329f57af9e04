using FtpLite.FileSystem;
using FtpLite.Protocol;

namespace FtpLite.Server.Listings;

/// <summary>What LIST, NLST, MLSD and STAT share: reading the argument and finding the entries.</summary>
internal static class Listing
{
    /// <summary>
    /// Resolves a listing argument (Unix-style options such as "-la" are skipped) to the entries to show:
    /// a directory's contents, or the single entry for a file. Replies and returns null on failure.
    /// </summary>
    public static async Task<(string Path, IReadOnlyList<FtpFileSystemEntry> Entries, bool IsDirectory)?> ResolveAsync(
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

            return (path, [entry with { Name = FtpPath.GetName(path) }], false);
        }

        var entries = await connection.FileSystem.ListAsync(path, cancellationToken).ConfigureAwait(false);
        return (path, entries, true);
    }

    /// <summary>Sends listing lines over the data connection, CRLF-terminated, UTF-8.</summary>
    public static Task SendAsync(FtpConnection connection, string path, IEnumerable<string> lines) =>
        connection.Transfers.StartAsync("Here comes the directory listing.", null, async (data, token) =>
        {
            var writer = new StreamWriter(data.Stream, new System.Text.UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
            await using (writer.ConfigureAwait(false))
            {
                long bytes = 0;
                foreach (var line in lines)
                {
                    await writer.WriteLineAsync(line.AsMemory(), token).ConfigureAwait(false);
                    bytes += writer.Encoding.GetByteCount(line) + 2;
                }

                await writer.FlushAsync(token).ConfigureAwait(false);
                return bytes;
            }
        }, FtpServerEventKind.Listing, path);

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
