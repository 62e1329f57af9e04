using System.Globalization;

namespace FtpLite.Server.Commands;

/// <summary>
/// HASH (draft-bryan-ftpext-hash): the hash of a file, or of the byte range RANG set, with the algorithm
/// OPTS HASH chose. "213 SHA-256 0-1023 hex name".
/// </summary>
internal sealed class HashCommand() : FtpCommandHandler("HASH")
{
    public override async Task HandleAsync(FtpConnection connection, string argument, CancellationToken cancellationToken)
    {
        var range = connection.HashRange;
        connection.HashRange = null;
        if (await PathArgument.ResolveFileAsync(connection, argument, cancellationToken).ConfigureAwait(false) is not { } file)
        {
            return;
        }

        var length = file.Entry.Length;
        var (start, end) = range ?? (0, Math.Max(0, length - 1));
        if (start > end || (length > 0 && end >= length) || (length == 0 && start > 0))
        {
            await connection.ReplyAsync(556, "Range is outside the file.").ConfigureAwait(false);
            return;
        }

        var count = length == 0 ? 0 : end - start + 1;
        var stream = await connection.FileSystem.OpenReadAsync(file.Path, start, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var hash = await FtpHashAlgorithms.ComputeAsync(connection.HashAlgorithm, stream, count, cancellationToken).ConfigureAwait(false);
            await connection.ReplyAsync(213, string.Create(CultureInfo.InvariantCulture,
                $"{connection.HashAlgorithm.WireName()} {start}-{end} {hash.ToLowerInvariant()} {file.Entry.Name}")).ConfigureAwait(false);
        }
    }
}
