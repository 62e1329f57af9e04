using System.Globalization;
using FtpLite.Server.CommandTable;

namespace FtpLite.Server.Commands;

/// <summary>
/// HASH (draft-bryan-ftpext-hash): the hash of a file, or of the byte range RANG set, with the algorithm
/// OPTS HASH chose. "213 SHA-256 0-1023 hex name". Hashing many GiB takes a while, so it runs in the
/// background like a transfer: ABOR cancels it and it stops when the client goes.
/// </summary>
internal sealed class HashCommand() : FtpCommandHandler("HASH")
{
    public override CommandRules Rules { get; } = new() { Argument = ArgumentRule.ExistingFile, TakesHashRange = true };

    public override async Task HandleAsync(FtpConnection connection, FtpRequest request, CancellationToken cancellationToken)
    {
        var range = request.HashRange;
        var file = (request.Path, Entry: request.Entry!);
        var length = file.Entry.Length;
        var (start, end) = range ?? (0, Math.Max(0, length - 1));
        if (start > end || (length > 0 && end >= length) || (length == 0 && start > 0))
        {
            await connection.ReplyAsync(FtpReplyCode.RangeInvalid, "Range is outside the file.").ConfigureAwait(false);
            return;
        }

        var count = length == 0 ? 0 : end - start + 1;
        if (connection.IsControlClosed())
        {
            // Pipelined HASHes of a client that has gone: none of them is worth a disk read.
            return;
        }

        var algorithm = connection.Session.Hash.Algorithm;
        var stream = await connection.FileSystem.OpenReadAsync(file.Path, start, cancellationToken).ConfigureAwait(false);
        connection.Transfers.StartBackgroundCommand("HASH", async token =>
        {
            await using (stream.ConfigureAwait(false))
            {
                var hash = await FtpHashAlgorithms.ComputeAsync(algorithm, stream, count, token).ConfigureAwait(false);
                await connection.ReplyAsync(FtpReplyCode.FileStatus, string.Create(CultureInfo.InvariantCulture,
                    $"{algorithm.WireName()} {start}-{end} {hash.ToLowerInvariant()} {file.Entry.Name}")).ConfigureAwait(false);
            }
        });
    }
}
